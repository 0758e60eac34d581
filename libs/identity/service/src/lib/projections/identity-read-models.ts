import { Projection } from '@credit-bank/kernel';
import { AccountsProjection } from './accounts/accounts.projection';
import { SessionsProjection } from './sessions/sessions.projection';

/** Every projection of the identity service (the services run them; auditors replay them). */
export function identityProjections(): Projection[] {
  return [new AccountsProjection(), new SessionsProjection()];
}
