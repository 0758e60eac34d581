export { problemResponse } from '../http/problem-response';

/** The 'auth' throttler of gateway.module.ts: 30 requests a minute per client address and route. */
export const AUTH_THROTTLE = { auth: { limit: 30, ttl: 60_000 } };
