export * from './lib/envelope';
export * from './lib/pagination.dto';
