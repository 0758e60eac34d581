export * from './lib/ledger-errors';
export * from './lib/evidence/evidence-media-type';
export * from './lib/evidence/evidence.events';
export * from './lib/evidence/evidence.decider';
export * from './lib/achievement/achievement-details';
export * from './lib/achievement/achievement.events';
export * from './lib/achievement/achievement.decider';
