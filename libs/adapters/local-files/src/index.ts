export * from './lib/local-blob-store';
export * from './lib/outbox-sms-sender';
