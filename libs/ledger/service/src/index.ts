export * from './lib/ledger-service.module';
export { DEFAULT_EVIDENCE_SETTINGS, type EvidenceSettings } from './lib/evidence/evidence-settings';
export { EvidenceSweeper } from './lib/commands/expire-evidence/evidence-sweeper';
export { ledgerIntegrationConsumers, ledgerProjections } from './lib/projections/ledger-read-models';
export { ACHIEVEMENTS_COLLECTION } from './lib/projections/achievements/achievements.projection';
export { LedgerProjectionsHost } from './lib/projections/ledger-projections.host';
export { StoreAchievementCommand } from './lib/commands/store-achievement/store-achievement.command';
