export * from './lib/ledger-service.module';
export { ledgerIntegrationConsumers, ledgerProjections } from './lib/projections/ledger-read-models';
