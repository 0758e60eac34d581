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

/**
 * Published by identity when the administrator decides on a pending institution. The ledger keeps
 * which institution account reviews for which institution name (the catalogue's institutionName).
 */
export const INSTITUTION_DECIDED_V1 = 'identity.institution-decided.v1';
export interface InstitutionDecidedV1Data {
  accountId: string;
  /** The institution's registered name: what catalogue entries and conversion rules name. */
  institutionName: string;
  decision: 'approved' | 'rejected';
  reason?: string;
  decidedAt: string;
}
export type InstitutionDecidedV1 = IntegrationEvent<'InstitutionApproved' | 'InstitutionRejected', InstitutionDecidedV1Data>;
