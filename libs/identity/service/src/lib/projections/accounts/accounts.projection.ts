import { ACCOUNT_STREAM_PREFIX, AccountEvent, maskIdNumber, RegisteredAddress, usernameKey } from '@credit-bank/identity-domain';
import { assertNever, ERASED_FIELD, Projection, ReadStore, RecordedEvent, WriteOp } from '@credit-bank/kernel';

/** v2: 国籍, 民族 and the address with their codes, the directory link (the v1 collection `identity_accounts` is superseded). */
export const ACCOUNTS_COLLECTION = 'identity_accounts_v2';

/**
 * Read model of accounts, for sign-in look-ups (by username, mobile or email) and GET /me. It
 * holds no password hash and only the masked ID number. An erased account's document is deleted
 * (a tombstone: a replayed registration stays deleted), so nothing of the person is left here and
 * sign-in by its username, mobile or email finds no account.
 */
export interface AccountDocument {
  type: 'individual' | 'institution' | 'administrator';
  role: 'learner' | 'institution' | 'admin';
  /** Institutions: pending-approval, then active (approved) or rejected; every other account is active. */
  status: 'active' | 'pending-approval' | 'rejected';
  username: string;
  /** Lower-case username: usernames are matched without regard to case. */
  usernameKey: string;
  /** Absent for the administrator (registered from the configuration). */
  email?: string;
  mobile?: string;
  registeredAt: string;
  passwordChangedAt?: string;
  realName?: string;
  /** 国籍 and 民族 as registered; the codes (GB/T 2659 alpha-2, GB/T 3304) are null for accounts registered before the lists. */
  nationality?: string;
  nationalityCode?: string | null;
  ethnicity?: string;
  ethnicityCode?: string | null;
  gender?: 'male' | 'female';
  idType?: string;
  /** Masked: first 6 and last 4 characters. */
  idNumber?: string;
  birthDate?: string;
  address?: RegisteredAddress;
  name?: string;
  unifiedSocialCreditCode?: string;
  contactName?: string;
  /** Institutions: the administrator's decision (机构审核). */
  decidedAt?: string;
  decidedBy?: string;
  rejectionReason?: string;
  /**
   * The directory institution an active institution account is linked to, and its name there.
   * Absent: not linked (pending, rejected, or approved before institutions had ids).
   */
  institutionId?: string;
  institutionName?: string;
  linkedAt?: string;
}

const HANDLED = new Set<string>([
  'AccountRegistered',
  'InstitutionRegistered',
  'AdministratorRegistered',
  'InstitutionApproved',
  'InstitutionRejected',
  'InstitutionLinked',
  'PasswordChanged',
  'PasswordReset',
  'MobileChanged',
  'EmailChanged',
  'AddressChanged',
  'AccountErased',
]);

type LaterAccountEvent = Extract<
  AccountEvent,
  { type: 'InstitutionApproved' | 'InstitutionRejected' | 'InstitutionLinked' | 'PasswordChanged' | 'PasswordReset' | 'MobileChanged' | 'EmailChanged' | 'AddressChanged' }
>;

function isAccountEvent(event: RecordedEvent): event is RecordedEvent<AccountEvent> {
  return event.streamId.startsWith(ACCOUNT_STREAM_PREFIX) && HANDLED.has(event.type);
}

/** What a later event of an account changes in its document. */
function changesOf(event: LaterAccountEvent): Partial<AccountDocument> {
  switch (event.type) {
    case 'InstitutionApproved': {
      const { institutionId, institutionName } = event.data;
      // Approved before institutions had ids (upcast institutionId null): not linked, no field.
      return { status: 'active', decidedAt: event.data.approvedAt, decidedBy: event.data.approvedBy, ...(institutionId ? { institutionId, institutionName, linkedAt: event.data.approvedAt } : {}) };
    }
    case 'InstitutionLinked':
      return { institutionId: event.data.institutionId, institutionName: event.data.institutionName, linkedAt: event.data.linkedAt };
    case 'InstitutionRejected':
      return { status: 'rejected', decidedAt: event.data.rejectedAt, decidedBy: event.data.rejectedBy, rejectionReason: event.data.reason };
    case 'PasswordChanged':
      return { passwordChangedAt: event.data.changedAt };
    case 'PasswordReset':
      return { passwordChangedAt: event.data.resetAt };
    case 'MobileChanged':
      return { mobile: event.data.mobile };
    case 'EmailChanged':
      return { email: event.data.email };
    case 'AddressChanged':
      return { address: event.data.address };
    default:
      return assertNever(event, 'account event');
  }
}

export class AccountsProjection implements Projection {
  readonly name = 'identity.accounts.v2';
  readonly supersedes = ['identity_accounts'];
  /** Which account is linked to a directory institution (the administrator's list, before approving). */
  readonly indexes = [{ collection: ACCOUNTS_COLLECTION, fields: ['institutionId'] }];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const accounts = store.collection<AccountDocument>(ACCOUNTS_COLLECTION);
    const ops: Array<WriteOp<AccountDocument>> = [];
    // Documents changed earlier in this batch, so later events of the batch build on them.
    const batch = new Map<string, AccountDocument>();

    for (const recorded of events) {
      if (!isAccountEvent(recorded)) continue;
      // Read through the service's upcasting store: every event is at today's schema version.
      const event = { type: recorded.type, data: recorded.data } as AccountEvent;
      let id: string;
      let doc: AccountDocument;
      switch (event.type) {
        case 'AccountRegistered': {
          const d = event.data;
          id = d.accountId;
          if ((d as Record<string, unknown>)[ERASED_FIELD] === true) {
            // Read after the account was erased (a rebuild): its personal fields are gone, and so is its document.
            batch.delete(id);
            ops.push({ kind: 'delete', id, position: recorded.position });
            continue;
          }
          doc = {
            type: 'individual',
            role: 'learner',
            status: 'active',
            username: d.username,
            usernameKey: usernameKey(d.username),
            email: d.email,
            mobile: d.mobile,
            registeredAt: d.registeredAt,
            realName: d.realName,
            nationality: d.nationality,
            nationalityCode: d.nationalityCode,
            ethnicity: d.ethnicity,
            ethnicityCode: d.ethnicityCode,
            gender: d.gender,
            idType: d.idType,
            idNumber: maskIdNumber(d.idNumber),
            birthDate: d.birthDate,
            address: d.address,
          };
          break;
        }
        case 'InstitutionRegistered': {
          const d = event.data;
          id = d.accountId;
          if ((d as Record<string, unknown>)[ERASED_FIELD] === true) {
            // Its contact person's key was destroyed: as for a learner, nothing of the account is kept.
            batch.delete(id);
            ops.push({ kind: 'delete', id, position: recorded.position });
            continue;
          }
          doc = {
            type: 'institution',
            role: 'institution',
            status: d.status,
            username: d.username,
            usernameKey: usernameKey(d.username),
            email: d.email,
            mobile: d.mobile,
            registeredAt: d.registeredAt,
            name: d.name,
            unifiedSocialCreditCode: d.unifiedSocialCreditCode,
            contactName: d.contactName,
          };
          break;
        }
        case 'AdministratorRegistered': {
          const d = event.data;
          id = d.accountId;
          doc = { type: 'administrator', role: 'admin', status: 'active', username: d.username, usernameKey: usernameKey(d.username), registeredAt: d.registeredAt };
          break;
        }
        case 'InstitutionApproved':
        case 'InstitutionRejected':
        case 'InstitutionLinked':
        case 'PasswordChanged':
        case 'PasswordReset':
        case 'MobileChanged':
        case 'EmailChanged':
        case 'AddressChanged': {
          id = event.data.accountId;
          const current = batch.get(id) ?? (await accounts.get(id));
          if (!current) continue;
          const { id: _id, _position, ...rest } = current as AccountDocument & { id?: string; _position?: number };
          doc = { ...rest, ...changesOf(event) };
          break;
        }
        case 'AccountErased':
          batch.delete(event.data.accountId);
          ops.push({ kind: 'delete', id: event.data.accountId, position: recorded.position });
          continue;
        case 'SignedOut':
          continue; // sessions have their own read model (SessionsProjection)
        default:
          return assertNever(event, 'account event');
      }
      batch.set(id, doc);
      ops.push({ kind: 'upsert', id, doc, position: recorded.position });
    }
    if (ops.length) await accounts.write(ops);
  }
}
