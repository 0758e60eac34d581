export * from './lib/sqlite-subject-key-store';
