export * from './lib/tokens';
export * from './lib/gateway.module';
export * from './lib/bootstrap';
export * from './lib/http/problem';
export * from './lib/http/service-bus';
export * from './lib/auth/auth.decorators';
