import { Gender, IdType } from '../value-objects/personal-data';
import { Address } from './registration-rules';

/**
 * Events of stream `identity.account-<accountId>`. Registration events carry the password hash
 * (argon2id) so the state can be rebuilt from the stream; they never carry the password.
 */
export interface AccountRegistered {
  type: 'AccountRegistered';
  data: {
    accountId: string;
    username: string;
    passwordHash: string;
    realName: string;
    nationality: string;
    ethnicity: string;
    gender: Gender;
    idType: IdType;
    idNumber: string;
    birthDate: string;
    email: string;
    address: Address;
    mobile: string;
    registeredAt: string;
  };
}

export interface InstitutionRegistered {
  type: 'InstitutionRegistered';
  data: {
    accountId: string;
    username: string;
    passwordHash: string;
    name: string;
    unifiedSocialCreditCode: string;
    contactName: string;
    email: string;
    mobile: string;
    status: 'pending-approval';
    registeredAt: string;
  };
}

export interface PasswordChanged {
  type: 'PasswordChanged';
  data: { accountId: string; passwordHash: string; changedAt: string };
}

/**
 * The first administrator (管理中心), registered from the configuration (ADMIN_USERNAME and
 * ADMIN_PASSWORD) when the identity service starts; never a default password.
 */
export interface AdministratorRegistered {
  type: 'AdministratorRegistered';
  data: { accountId: string; username: string; passwordHash: string; registeredAt: string };
}

/**
 * The administrator approved a pending institution: its accounts may review. `institutionName`
 * (the registered name) travels along so the integration event needs no look-up.
 */
export interface InstitutionApproved {
  type: 'InstitutionApproved';
  data: { accountId: string; institutionName: string; approvedBy: string; approvedAt: string };
}

/** The administrator rejected a pending institution, with a reason the institution sees in /me. */
export interface InstitutionRejected {
  type: 'InstitutionRejected';
  data: { accountId: string; institutionName: string; reason: string; rejectedBy: string; rejectedAt: string };
}

export type AccountEvent = AccountRegistered | InstitutionRegistered | PasswordChanged | AdministratorRegistered | InstitutionApproved | InstitutionRejected;

export const ACCOUNT_STREAM_PREFIX = 'identity.account-';
export const accountStreamId = (accountId: string): string => `${ACCOUNT_STREAM_PREFIX}${accountId}`;
