export * from './lib/sqlite-event-store';
export * from './lib/sqlite-event-history';
