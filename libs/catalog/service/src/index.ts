export * from './lib/catalog-service.module';
