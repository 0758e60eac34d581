import { problemResponse } from '../http/problem-response';

export { problemResponse } from '../http/problem-response';

/** The throttler of gateway.module.ts: 30 requests a minute per client address (TRUST_PROXY decides it) and route. */
export const AUTH_THROTTLE = { default: { limit: 30, ttl: 60_000 } };

/** Any route behind the bearer token. */
export const UNAUTHORIZED = problemResponse(
  401,
  'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID; AUTH.TOKEN_REVOKED when the token was signed out or issued before the last password change or reset (`details.reason`)',
);
