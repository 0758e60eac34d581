import { Projection } from '@credit-bank/kernel';
import { AccountsProjection } from './accounts/accounts.projection';

/** Every projection of the identity service (the services run them; auditors replay them). */
export function identityProjections(): Projection[] {
  return [new AccountsProjection()];
}
