export * from './lib/sqlite-read-store';
