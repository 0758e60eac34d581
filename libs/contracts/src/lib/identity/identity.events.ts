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
 * Published by identity when a learner's account was erased (by the learner or the administrator).
 * Every service forgets the person: names and contact data in its read models become null and the
 * learner is shown as erased (已注销); what institutions decided about the learner's achievements
 * stays. Carries nothing personal.
 */
export const ACCOUNT_ERASED_V1 = 'identity.account-erased.v1';
export interface AccountErasedV1Data {
  accountId: string;
  accountType: 'individual';
  erasedAt: string;
}
export type AccountErasedV1 = IntegrationEvent<'AccountErased', AccountErasedV1Data>;

/**
 * Published by identity when the administrator decides on a pending institution, and when an
 * approved account is linked to a directory institution. The ledger keeps which institution
 * account reviews for which directory institution (`institutionId`): authority follows the id.
 */
export const INSTITUTION_DECIDED_V1 = 'identity.institution-decided.v1';
export interface InstitutionDecidedV1Data {
  accountId: string;
  /** The institution's name (the directory's name once linked, else the registered one); for display. */
  institutionName: string;
  /**
   * The directory institution (资历机构, catalog) the account was linked to on approval; null or
   * absent: not linked (rejected, or approved before institutions had ids) — it reviews nothing.
   */
  institutionId?: string | null;
  decision: 'approved' | 'rejected';
  reason?: string;
  decidedAt: string;
}
/** `InstitutionLinked`: an account approved before institutions had ids, now linked (`decision: 'approved'`). */
export type InstitutionDecidedV1 = IntegrationEvent<'InstitutionApproved' | 'InstitutionRejected' | 'InstitutionLinked', InstitutionDecidedV1Data>;
