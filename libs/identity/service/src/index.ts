export * from './lib/identity-service.module';
