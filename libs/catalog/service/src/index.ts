export * from './lib/catalog-service.module';
export * from './lib/catalog-options';
