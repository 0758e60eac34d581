export * from './lib/sqlite-event-store';
