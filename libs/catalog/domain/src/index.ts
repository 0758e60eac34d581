export * from './lib/catalog-errors';
export * from './lib/classification/achievement-categories';
export * from './lib/framework-level/framework-level-range';
export * from './lib/framework-level/framework-level.events';
export * from './lib/framework-level/framework-level.decider';
export * from './lib/catalog-item/catalog-item.events';
export * from './lib/catalog-item/catalog-item-rules';
export * from './lib/catalog-item/catalog-item.decider';
