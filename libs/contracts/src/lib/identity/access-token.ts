/**
 * Access tokens: signed by the identity service, verified by the gateway. Both sides name the
 * issuer and audience from here; the gateway refuses a token without them or without `exp`.
 */
export const ACCESS_TOKEN_ISSUER = 'credit-bank/identity';
export const ACCESS_TOKEN_AUDIENCE = 'credit-bank/api';
