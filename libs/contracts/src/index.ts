export * from './lib/envelope';
export * from './lib/pagination.dto';
export * from './lib/identity/identity.events';
