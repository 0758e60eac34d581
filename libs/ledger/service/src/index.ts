export * from './lib/ledger-service.module';
export { ledgerIntegrationConsumers, ledgerProjections } from './lib/projections/ledger-read-models';
export { ACHIEVEMENTS_COLLECTION } from './lib/projections/achievements/achievements.projection';
