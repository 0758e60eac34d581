import { RecordedEvent, SchemaVersions, Upcaster } from '@credit-bank/kernel';
import { Gender, IdType } from '../value-objects/personal-data';
import { RegisteredAddress } from './registration-rules';

/**
 * Events of stream `identity.account-<accountId>`. Registration events carry the password hash
 * (argon2id) so the state can be rebuilt from the stream; they never carry the password.
 *
 * AccountRegistered, schema 2: 国籍, 民族 and the address's 省/市/区 are names with the codes of
 * their national standards (GB/T 2659, 3304, 2260). Schema 1 held the free text the person typed;
 * `upcastAccountEvent` reads it as schema 2 with null codes.
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

/** The schema version each account event type is written with (absent: 1). */
export const ACCOUNT_SCHEMA_VERSIONS: SchemaVersions = { AccountRegistered: 2 };

type AccountRegisteredV1Address = { province: string; city: string; district: string; detail: string };

/** Reads an AccountRegistered of schema 1 (free text, no codes) as schema 2; other events pass unchanged. */
export const upcastAccountEvent: Upcaster = (event: RecordedEvent): RecordedEvent => {
  if (event.type !== 'AccountRegistered' || (event.metadata?.schemaVersion ?? 1) >= 2) return event;
  const data = event.data as Record<string, unknown> & { address: AccountRegisteredV1Address };
  const address: RegisteredAddress = {
    province: data.address.province,
    provinceCode: null,
    city: data.address.city,
    cityCode: null,
    district: data.address.district,
    districtCode: null,
    detail: data.address.detail,
  };
  return { ...event, data: { ...data, nationalityCode: null, ethnicityCode: null, address }, metadata: { ...event.metadata, schemaVersion: 2 } };
};

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
