import { IntegrationEvent } from '../envelope';

/** Published by identity when an account (individual or institution) is registered. No ID number. */
export const ACCOUNT_REGISTERED_V1 = 'identity.account-registered.v1';
export interface AccountRegisteredV1Data {
  accountId: string;
  accountType: 'individual' | 'institution';
  username: string;
  /** The real name of an individual, or the name of an institution. */
  displayName: string;
  registeredAt: string;
}
export type AccountRegisteredV1 = IntegrationEvent<'AccountRegistered' | 'InstitutionRegistered', AccountRegisteredV1Data>;
