export * from './lib/ledger-service.module';
