export * from './lib/in-process.broker';
export * from './lib/in-process.server';
export * from './lib/in-process.client';
export * from './lib/in-process.context';
