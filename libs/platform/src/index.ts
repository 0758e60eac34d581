export * from './lib/validation';
export * from './lib/rpc-exceptions.filter';
export * from './lib/command-context';
export * from './lib/infrastructure.module';
export * from './lib/projections-host';
export * from './lib/hashing';
export * from './lib/environment';
export * from './lib/integration-relay';
