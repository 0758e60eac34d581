export * from './lib/tokens';
export * from './lib/gateway.module';
export * from './lib/bootstrap';
export * from './lib/http/problem';
export * from './lib/http/service-bus';
export * from './lib/auth/auth.decorators';
export * from './lib/http/i18n/accept-language';
export * from './lib/http/i18n/localize-problem';
export { PROBLEM_MESSAGES_ZH_CN } from './lib/http/i18n/problem-messages.zh-cn';
