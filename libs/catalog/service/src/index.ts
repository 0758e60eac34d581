export * from './lib/catalog-service.module';
export * from './lib/catalog-options';
export { catalogProjections } from './lib/catalog-read-models';
export { CatalogProjectionsHost } from './lib/catalog-projections.host';
