import { Gender, IdType } from '../value-objects/personal-data';
import { RegisteredAddress } from './registration-rules';

/**
 * Events of stream `identity.account-<accountId>`. Registration events carry the password hash
 * (argon2id) so the state can be rebuilt from the stream; they never carry the password.
 *
 * AccountRegistered, schema 2: 国籍, 民族 and the address's 省/市/区 are names with the codes of
 * their national standards (GB/T 2659, 3304, 2260). Schema 1 held the free text the person typed;
 * `identityUpcasters` reads it as schema 2 with null codes.
 */
export interface AccountRegistered {
  type: 'AccountRegistered';
  data: {
    accountId: string;
    username: string;
    passwordHash: string;
    realName: string;
    nationality: string;
    nationalityCode: string | null;
    ethnicity: string;
    ethnicityCode: string | null;
    gender: Gender;
    idType: IdType;
    idNumber: string;
    birthDate: string;
    email: string;
    address: RegisteredAddress;
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
 * The administrator approved a pending institution and linked it to exactly one qualification
 * institution of the catalogue's directory: it reviews for that institution (authority follows
 * `institutionId`, never a name). `institutionName` is the directory's name (schema version 2).
 *
 * Version 1 (before the directory) carried the registered name and no id; it is upcast to
 * `institutionId: null` (`identityUpcasters`): such an account is active but unlinked and reviews
 * nothing until the administrator links it (`InstitutionLinked`).
 */
export interface InstitutionApproved {
  type: 'InstitutionApproved';
  data: { accountId: string; institutionId: string | null; institutionName: string; approvedBy: string; approvedAt: string };
}

/**
 * An active institution account approved before institutions had ids, linked by the
 * administrator to a qualification institution of the directory (approving it again does this).
 */
export interface InstitutionLinked {
  type: 'InstitutionLinked';
  data: { accountId: string; institutionId: string; institutionName: string; linkedBy: string; linkedAt: string };
}

/** The administrator rejected a pending institution, with a reason the institution sees in /me. */
export interface InstitutionRejected {
  type: 'InstitutionRejected';
  data: { accountId: string; institutionName: string; reason: string; rejectedBy: string; rejectedAt: string };
}

/**
 * 忘记密码: the password was set anew with an SMS code sent to the account's mobile (no current
 * password). Like PasswordChanged, it ends every session opened before it.
 */
export interface PasswordReset {
  type: 'PasswordReset';
  data: { accountId: string; passwordHash: string; resetAt: string };
}

/**
 * 安全退出: one session (one access token, `sessionId` = its `sid` claim) was closed. The token's
 * expiry travels along so read models can forget the session once the token would be dead anyway.
 */
export interface SignedOut {
  type: 'SignedOut';
  data: { accountId: string; sessionId: string; tokenExpiresAt: string; signedOutAt: string };
}

/**
 * The mobile number was changed, proven by codes sent to both numbers. `previousMobile` is the
 * number released (its unique claim), so the change can be followed without replaying the stream.
 */
export interface MobileChanged {
  type: 'MobileChanged';
  data: { accountId: string; mobile: string; previousMobile: string; changedAt: string };
}

/** The email was changed (normalized, lower case); `previousEmail` is the one released. */
export interface EmailChanged {
  type: 'EmailChanged';
  data: { accountId: string; email: string; previousEmail: string; changedAt: string };
}

/** An individual's contact address (联系地址) was changed: the whole address. */
export interface AddressChanged {
  type: 'AddressChanged';
  data: { accountId: string; address: RegisteredAddress; changedAt: string };
}

/**
 * The account was erased (PIPL art. 47): by its learner (password and an SMS code of purpose
 * `erase-account`) or by the administrator on a recorded request (`reason`). It carries no
 * personal data: after it the account's data key is destroyed (the earlier events keep only
 * ciphertext), its unique values (username, mobile, email, ID number) are released and its tokens
 * are refused. What institutions decided about its achievements stays, in the ledger.
 */
export interface AccountErased {
  type: 'AccountErased';
  data: {
    accountId: string;
    /** `self`: the learner; `administrator`: 管理中心 on a request it recorded. */
    requestedBy: 'self' | 'administrator';
    /** The account that erased it (the learner's own id, or the administrator's). */
    erasedBy: string;
    /** The administrator's record of the request (1 to 500 characters); null when the learner erased. */
    reason: string | null;
    erasedAt: string;
  };
}

export type AccountEvent =
  | AccountErased
  | AccountRegistered
  | InstitutionRegistered
  | PasswordChanged
  | AdministratorRegistered
  | InstitutionApproved
  | InstitutionRejected
  | InstitutionLinked
  | PasswordReset
  | SignedOut
  | MobileChanged
  | EmailChanged
  | AddressChanged;

export const ACCOUNT_STREAM_PREFIX = 'identity.account-';
export const accountStreamId = (accountId: string): string => `${ACCOUNT_STREAM_PREFIX}${accountId}`;
