import { assertNever, Decider, DomainError, FieldError, TransitionRules } from '@credit-bank/kernel';
import { IdentityErrorCodes, IdentityFieldCodes } from '../identity-errors';
import { isMainlandMobile, isValidEmail, isValidUsername, normalizeEmail } from '../value-objects/personal-data';
import { AccountErased, AccountEvent } from './account.events';
import {
  Address,
  addressErrors,
  individualProfileErrors,
  IndividualProfile,
  institutionProfileErrors,
  InstitutionProfile,
  normalizeAddress,
  normalizeIndividualProfile,
  normalizeInstitutionProfile,
  profileInvalid,
  registeredAddress,
  RegisteredAddress,
  registeredChoices,
  registrationInvalid,
} from './registration-rules';

/** Registers an individual (learner). The handler checked the password policy and hashed it. */
export interface RegisterIndividual extends IndividualProfile {
  type: 'RegisterIndividual';
  accountId: string;
  passwordHash: string;
  acceptTerms: boolean;
  now: string;
}

/** Registers an institution; it waits for the administrator's approval. */
export interface RegisterInstitution extends InstitutionProfile {
  type: 'RegisterInstitution';
  accountId: string;
  passwordHash: string;
  acceptTerms: boolean;
  now: string;
}

/**
 * Changes the password. The handler verified the current password against the stored hash
 * (`currentPasswordMatches`), whether the new one equals it, and hashed the new one.
 */
export interface ChangePassword {
  type: 'ChangePassword';
  accountId: string;
  currentPasswordMatches: boolean;
  newPasswordSameAsCurrent: boolean;
  newPasswordHash: string;
  now: string;
}

/**
 * Registers the administrator named in the configuration. The handler checked the password
 * policy and hashed it; the account id is derived from the username, so two processes starting
 * at once aim at the same stream and only one registration is appended.
 */
export interface RegisterAdministrator {
  type: 'RegisterAdministrator';
  accountId: string;
  username: string;
  passwordHash: string;
  now: string;
}

/** Who decides on an institution: the handler passes the caller's id and role (from its token). */
export interface Decision {
  decidedBy: string;
  deciderRole: string;
  now: string;
}

/**
 * 机构审核: the administrator approves a pending institution, linking it to the directory
 * institution the handler resolved (by the id given, or by the account's credit code); an active
 * account approved before institutions had ids is linked by the same command.
 */
export interface ApproveInstitution extends Decision {
  type: 'ApproveInstitution';
  accountId: string;
  institution: { id: string; name: string };
}

/** 机构审核: the administrator rejects a pending institution, with a reason. */
export interface RejectInstitution extends Decision {
  type: 'RejectInstitution';
  accountId: string;
  reason: string;
}

/**
 * 忘记密码: sets a new password without the current one. The handler checked the SMS code sent
 * to the account's mobile (purpose `reset-password`) and the policy, and hashed the new one.
 */
export interface ResetPassword {
  type: 'ResetPassword';
  accountId: string;
  newPasswordHash: string;
  now: string;
}

/** 安全退出: closes the session of one access token (its `sid`), which expires at `tokenExpiresAt`. */
export interface SignOut {
  type: 'SignOut';
  accountId: string;
  sessionId: string;
  tokenExpiresAt: string;
  now: string;
}

/**
 * Changes the mobile number. The handler checked the codes sent to the current and to the new
 * number (purpose `change-mobile`) and reserved the new number.
 */
export interface ChangeMobile {
  type: 'ChangeMobile';
  accountId: string;
  newMobile: string;
  now: string;
}

/**
 * Edits what may change of the profile: the email (individuals and institutions; the handler
 * reserved it) and the contact address (individuals). Absent fields stay as they are.
 */
export interface EditProfile {
  type: 'EditProfile';
  accountId: string;
  email?: string;
  address?: Address;
  now: string;
}

/**
 * Erases a learner's account (PIPL art. 47). `self`: the learner, whose password the handler
 * verified (`passwordMatches`; the SMS code too); `administrator`: 管理中心 on a request it
 * records in `reason`. Only individuals are erased (an institution account or the administrator:
 * IDENTITY.ERASURE_NOT_APPLICABLE); an account the administrator erased before is erased already
 * (no event: the handler answers the first erasure again).
 */
export interface EraseAccount {
  type: 'EraseAccount';
  accountId: string;
  requestedBy: 'self' | 'administrator';
  /** The caller's account id and role (from its token). */
  erasedBy: string;
  erasorRole: string;
  passwordMatches?: boolean;
  reason?: string;
  now: string;
}

export type AccountCommand =
  | EraseAccount
  | RegisterIndividual
  | RegisterInstitution
  | ChangePassword
  | RegisterAdministrator
  | ApproveInstitution
  | RejectInstitution
  | ResetPassword
  | SignOut
  | ChangeMobile
  | EditProfile;

export type AccountType = 'individual' | 'institution' | 'administrator';
export type AccountRole = 'learner' | 'institution' | 'admin';

interface Registered {
  accountId: string;
  accountType: AccountType;
  username: string;
  passwordHash: string;
  /** The registered name of an institution. */
  name?: string;
  /** An institution's unified social credit code (how it is matched to the directory). */
  creditCode?: string;
  /** The directory institution an active institution account is linked to; null: not linked. */
  institutionId?: string | null;
  /** Individuals and institutions; the administrator has none. */
  email?: string;
  mobile?: string;
  /** Individuals only: as the events keep it (names with their GB/T 2260 codes). */
  address?: RegisteredAddress;
  /** Individuals only: what the ID number's unique claim is keyed on (released on erasure). */
  idType?: string;
  idNumber?: string;
}

/**
 * `active`: individuals, administrators and approved institutions. An institution starts
 * `pending-approval` and becomes `active` or `rejected` (final) by the administrator's decision.
 * `erased` (final): a learner's account after AccountErased; it keeps in memory what the stream
 * still gives (the values whose unique claims an interrupted erasure must still release), and
 * refuses every command as a missing account.
 */
export type AccountState =
  | { status: 'unregistered' }
  | ({ status: 'active' } & Registered)
  | ({ status: 'pending-approval' } & Registered)
  | ({ status: 'rejected' } & Registered)
  | ({ status: 'erased'; erasure: AccountErased['data'] } & Registered);

const ROLES: Record<AccountType, AccountRole> = { individual: 'learner', institution: 'institution', administrator: 'admin' };
export const roleOf = (accountType: AccountType): AccountRole => ROLES[accountType];

export const REJECTION_REASON_MAX_LENGTH = 500;

function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountRegistered':
      return {
        status: 'active',
        accountId: event.data.accountId,
        accountType: 'individual',
        username: event.data.username,
        passwordHash: event.data.passwordHash,
        email: event.data.email,
        mobile: event.data.mobile,
        address: event.data.address,
        idType: event.data.idType,
        idNumber: event.data.idNumber,
      };
    case 'InstitutionRegistered':
      return {
        status: event.data.status,
        accountId: event.data.accountId,
        accountType: 'institution',
        username: event.data.username,
        passwordHash: event.data.passwordHash,
        name: event.data.name,
        creditCode: event.data.unifiedSocialCreditCode,
        email: event.data.email,
        mobile: event.data.mobile,
      };
    case 'AdministratorRegistered':
      return { status: 'active', accountId: event.data.accountId, accountType: 'administrator', username: event.data.username, passwordHash: event.data.passwordHash };
    case 'InstitutionApproved':
      return state.status === 'unregistered' ? state : { ...state, status: 'active', institutionId: event.data.institutionId ?? null };
    case 'InstitutionLinked':
      return state.status === 'unregistered' ? state : { ...state, institutionId: event.data.institutionId };
    case 'InstitutionRejected':
      return state.status === 'unregistered' ? state : { ...state, status: 'rejected' };
    case 'PasswordChanged':
    case 'PasswordReset':
      return state.status === 'unregistered' ? state : { ...state, passwordHash: event.data.passwordHash };
    case 'MobileChanged':
      return state.status === 'unregistered' ? state : { ...state, mobile: event.data.mobile };
    case 'EmailChanged':
      return state.status === 'unregistered' ? state : { ...state, email: event.data.email };
    case 'AddressChanged':
      return state.status === 'unregistered' ? state : { ...state, address: event.data.address };
    case 'AccountErased':
      return state.status === 'unregistered' ? state : { ...state, status: 'erased', erasure: event.data };
    case 'SignedOut':
      // Sessions are not part of the decision state: a closed session is the read model's business.
      return state;
    default:
      return assertNever(event, 'account event');
  }
}

type RegisteredState = Extract<AccountState, { status: 'active' | 'pending-approval' | 'rejected' }>;

/** Any registered account, whatever its status (a pending or rejected institution still signs in); an erased one is gone. */
function requireRegistered(state: AccountState): RegisteredState {
  switch (state.status) {
    case 'unregistered':
    case 'erased':
      throw new DomainError(IdentityErrorCodes.ACCOUNT_NOT_FOUND, 'not_found', 'No such account.');
    case 'active':
    case 'pending-approval':
    case 'rejected':
      return state;
    default:
      return assertNever(state, 'account state');
  }
}

/** The contact data of a registered account; the administrator (from the configuration) has none. */
function requireContact(state: AccountState): RegisteredState & { email: string; mobile: string } {
  const account = requireRegistered(state);
  if (account.email === undefined || account.mobile === undefined) {
    throw new DomainError(IdentityErrorCodes.PROFILE_NOT_EDITABLE, 'forbidden', 'This account has no contact data to change.');
  }
  return { ...account, email: account.email, mobile: account.mobile };
}

const sameAddress = (a: RegisteredAddress | undefined, b: RegisteredAddress): boolean =>
  a !== undefined && a.provinceCode === b.provinceCode && a.cityCode === b.cityCode && a.districtCode === b.districtCode && a.detail === b.detail;

function changeMobile(command: ChangeMobile, state: AccountState): AccountEvent[] {
  const account = requireContact(state);
  const mobile = typeof command.newMobile === 'string' ? command.newMobile.trim() : '';
  if (!isMainlandMobile(mobile)) {
    const message = 'newMobile must be a mainland mobile number of 11 digits.';
    throw new DomainError(IdentityErrorCodes.MOBILE_INVALID, 'validation', message, undefined, [{ field: 'newMobile', code: IdentityFieldCodes.MOBILE_FORMAT, message }]);
  }
  if (mobile === account.mobile) {
    throw new DomainError(IdentityErrorCodes.MOBILE_UNCHANGED, 'validation', 'The new mobile number is the current one.');
  }
  return [{ type: 'MobileChanged', data: { accountId: account.accountId, mobile, previousMobile: account.mobile, changedAt: command.now } }];
}

/** Every bad field first (400 with the list), then one event per field that really changes. */
function editProfile(command: EditProfile, state: AccountState): AccountEvent[] {
  const account = requireContact(state);
  const errors: FieldError[] = [];
  const email = typeof command.email === 'string' ? normalizeEmail(command.email) : command.email;
  if (email !== undefined && (typeof email !== 'string' || !isValidEmail(email))) {
    errors.push({ field: 'email', code: IdentityFieldCodes.EMAIL_FORMAT, message: 'email must be an email address.' });
  }
  const address = command.address === undefined ? undefined : normalizeAddress(command.address);
  if (address !== undefined) {
    if (account.accountType !== 'individual') {
      errors.push({ field: 'address', code: IdentityFieldCodes.NOT_APPLICABLE, message: 'Only individuals have a contact address.' });
    } else {
      errors.push(...addressErrors(address));
    }
  }
  if (errors.length) throw profileInvalid(errors);
  const events: AccountEvent[] = [];
  if (email !== undefined && email !== account.email) {
    events.push({ type: 'EmailChanged', data: { accountId: account.accountId, email, previousEmail: account.email, changedAt: command.now } });
  }
  const registered = address === undefined ? undefined : registeredAddress(address);
  if (registered !== undefined && !sameAddress(account.address, registered)) {
    events.push({ type: 'AddressChanged', data: { accountId: account.accountId, address: registered, changedAt: command.now } });
  }
  return events;
}

function requireUnregistered(state: AccountState): void {
  if (state.status !== 'unregistered') {
    throw new DomainError(IdentityErrorCodes.ACCOUNT_ALREADY_REGISTERED, 'conflict', 'This account is already registered.');
  }
}

function requirePasswordHash(hash: string): void {
  // The decider never sees a password, only the argon2 hash the handler made.
  if (typeof hash !== 'string' || !hash.startsWith('$argon2')) throw new Error('A password hash (argon2) is required');
}

/**
 * Checks of a decision on an institution, in this order: the caller is an administrator (403),
 * the account is an institution (404), it still waits for a decision (409).
 */
function pendingInstitution(command: ApproveInstitution | RejectInstitution, state: AccountState): { name: string } {
  if (command.deciderRole !== 'admin') {
    throw new DomainError(IdentityErrorCodes.ADMINISTRATOR_REQUIRED, 'forbidden', 'Only an administrator may decide on institutions.');
  }
  if (state.status === 'unregistered' || state.accountType !== 'institution') {
    throw new DomainError(IdentityErrorCodes.INSTITUTION_NOT_FOUND, 'not_found', 'No such institution.');
  }
  if (state.status !== 'pending-approval') {
    throw new DomainError(IdentityErrorCodes.INSTITUTION_NOT_PENDING, 'conflict', `This institution was already decided on (${state.status}).`, { status: state.status });
  }
  return { name: state.name ?? '' };
}

/**
 * What approving an institution account does, checked in this order: the caller is an
 * administrator (403), the account is an institution (404), it waits for a decision (`approve`)
 * or is active but not linked to the directory (`link`: approved before institutions had ids);
 * anything else was decided (409, `details.status`, and the linked `institutionId`). Pure: the
 * handler asks it before looking anything up or reserving anything, the decider again.
 */
export function approvalOf(state: AccountState, deciderRole: string): { mode: 'approve' | 'link'; name: string; creditCode: string } {
  if (deciderRole !== 'admin') {
    throw new DomainError(IdentityErrorCodes.ADMINISTRATOR_REQUIRED, 'forbidden', 'Only an administrator may decide on institutions.');
  }
  if (state.status === 'unregistered' || state.accountType !== 'institution') {
    throw new DomainError(IdentityErrorCodes.INSTITUTION_NOT_FOUND, 'not_found', 'No such institution.');
  }
  const found = { name: state.name ?? '', creditCode: state.creditCode ?? '' };
  if (state.status === 'pending-approval') return { mode: 'approve', ...found };
  if (state.status === 'active' && !state.institutionId) return { mode: 'link', ...found };
  throw new DomainError(IdentityErrorCodes.INSTITUTION_NOT_PENDING, 'conflict', `This institution was already decided on (${state.status}).`, {
    status: state.status,
    ...(state.institutionId ? { institutionId: state.institutionId } : {}),
  });
}

/**
 * What erasing the account needs, checked before anything costly (the password, the SMS code), in
 * this order: the administrator asks for an administrator's erasure (403), the account exists
 * (404; an erased one is missing to its learner), it is a learner's (403
 * IDENTITY.ERASURE_NOT_APPLICABLE). Answers `erased` when the administrator erases an account
 * already erased (nothing more to decide).
 */
export function erasureOf(state: AccountState, requestedBy: EraseAccount['requestedBy'], erasorRole: string): { status: 'erasable' | 'erased' } {
  if (requestedBy === 'administrator' && erasorRole !== 'admin') {
    throw new DomainError(IdentityErrorCodes.ADMINISTRATOR_REQUIRED, 'forbidden', 'Only an administrator may erase another account.');
  }
  if (state.status === 'unregistered' || (state.status === 'erased' && requestedBy === 'self')) {
    throw new DomainError(IdentityErrorCodes.ACCOUNT_NOT_FOUND, 'not_found', 'No such account.');
  }
  if (state.accountType !== 'individual') {
    throw new DomainError(IdentityErrorCodes.ERASURE_NOT_APPLICABLE, 'forbidden', 'Only a learner`s account can be erased; institution accounts and the administrator are not.', {
      accountType: state.accountType,
    });
  }
  return { status: state.status === 'erased' ? 'erased' : 'erasable' };
}

function eraseAccount(command: EraseAccount, state: AccountState): AccountEvent[] {
  if (erasureOf(state, command.requestedBy, command.erasorRole).status === 'erased') return [];
  let reason: string | null = null;
  if (command.requestedBy === 'self') {
    if (command.erasedBy !== command.accountId) throw new Error('A learner erases only their own account');
    if (command.passwordMatches !== true) {
      const message = 'The password is not correct.';
      throw new DomainError(IdentityErrorCodes.CURRENT_PASSWORD_INCORRECT, 'validation', message, undefined, [{ field: 'password', code: IdentityErrorCodes.CURRENT_PASSWORD_INCORRECT, message }]);
    }
  } else {
    reason = erasureReason(command.reason);
  }
  return [{ type: 'AccountErased', data: { accountId: command.accountId, requestedBy: command.requestedBy, erasedBy: command.erasedBy, reason, erasedAt: command.now } }];
}

export const ERASURE_REASON_MAX_LENGTH = 500;

function erasureReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '' || text.length > ERASURE_REASON_MAX_LENGTH) {
    const message = `reason must be 1 to ${ERASURE_REASON_MAX_LENGTH} characters.`;
    throw new DomainError(IdentityErrorCodes.ERASURE_REASON_INVALID, 'validation', message, { max: ERASURE_REASON_MAX_LENGTH }, [
      { field: 'reason', code: IdentityErrorCodes.ERASURE_REASON_INVALID, message, params: { max: ERASURE_REASON_MAX_LENGTH } },
    ]);
  }
  return text;
}

function rejectionReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '' || text.length > REJECTION_REASON_MAX_LENGTH) {
    const message = `reason must be 1 to ${REJECTION_REASON_MAX_LENGTH} characters.`;
    throw new DomainError(IdentityErrorCodes.REJECTION_REASON_INVALID, 'validation', message, { max: REJECTION_REASON_MAX_LENGTH }, [
      { field: 'reason', code: IdentityErrorCodes.REJECTION_REASON_INVALID, message, params: { max: REJECTION_REASON_MAX_LENGTH } },
    ]);
  }
  return text;
}

function decide(command: AccountCommand, state: AccountState): AccountEvent[] {
  switch (command.type) {
    case 'RegisterIndividual': {
      requireUnregistered(state);
      const p = normalizeIndividualProfile(command);
      const errors = individualProfileErrors(p, command.acceptTerms, command.now);
      if (errors.length) throw registrationInvalid(errors);
      requirePasswordHash(command.passwordHash);
      return [
        {
          type: 'AccountRegistered',
          data: {
            accountId: command.accountId,
            username: p.username,
            passwordHash: command.passwordHash,
            realName: p.realName,
            ...registeredChoices(p),
            gender: p.gender,
            idType: p.idType,
            idNumber: p.idNumber,
            birthDate: p.birthDate,
            email: p.email,
            mobile: p.mobile,
            registeredAt: command.now,
          },
        },
      ];
    }
    case 'RegisterInstitution': {
      requireUnregistered(state);
      const p = normalizeInstitutionProfile(command);
      const errors = institutionProfileErrors(p, command.acceptTerms);
      if (errors.length) throw registrationInvalid(errors);
      requirePasswordHash(command.passwordHash);
      return [
        {
          type: 'InstitutionRegistered',
          data: {
            accountId: command.accountId,
            username: p.username,
            passwordHash: command.passwordHash,
            name: p.name,
            unifiedSocialCreditCode: p.unifiedSocialCreditCode,
            contactName: p.contactName,
            email: p.email,
            mobile: p.mobile,
            status: 'pending-approval',
            registeredAt: command.now,
          },
        },
      ];
    }
    case 'ChangePassword': {
      const account = requireRegistered(state);
      if (!command.currentPasswordMatches) {
        throw new DomainError(IdentityErrorCodes.CURRENT_PASSWORD_INCORRECT, 'validation', 'The current password is not correct.', undefined, [
          { field: 'currentPassword', code: IdentityErrorCodes.CURRENT_PASSWORD_INCORRECT, message: 'The current password is not correct.' },
        ]);
      }
      if (command.newPasswordSameAsCurrent) {
        throw new DomainError(IdentityErrorCodes.PASSWORD_UNCHANGED, 'validation', 'The new password must differ from the current one.', undefined, [
          { field: 'newPassword', code: IdentityErrorCodes.PASSWORD_UNCHANGED, message: 'The new password must differ from the current one.' },
        ]);
      }
      requirePasswordHash(command.newPasswordHash);
      return [{ type: 'PasswordChanged', data: { accountId: account.accountId, passwordHash: command.newPasswordHash, changedAt: command.now } }];
    }
    case 'RegisterAdministrator': {
      requireUnregistered(state);
      const username = typeof command.username === 'string' ? command.username.trim() : '';
      if (!isValidUsername(username)) {
        throw registrationInvalid([{ field: 'username', code: IdentityFieldCodes.USERNAME_FORMAT, message: 'username must be 4 to 32 letters, digits or underscores, not all digits.' }]);
      }
      requirePasswordHash(command.passwordHash);
      return [{ type: 'AdministratorRegistered', data: { accountId: command.accountId, username, passwordHash: command.passwordHash, registeredAt: command.now } }];
    }
    case 'ApproveInstitution': {
      const { mode } = approvalOf(state, command.deciderRole);
      const { id, name } = command.institution ?? ({} as ApproveInstitution['institution']);
      if (typeof id !== 'string' || id === '' || typeof name !== 'string' || name === '') throw new Error('ApproveInstitution needs the directory institution (id and name)');
      if (mode === 'link') {
        return [{ type: 'InstitutionLinked', data: { accountId: command.accountId, institutionId: id, institutionName: name, linkedBy: command.decidedBy, linkedAt: command.now } }];
      }
      return [{ type: 'InstitutionApproved', data: { accountId: command.accountId, institutionId: id, institutionName: name, approvedBy: command.decidedBy, approvedAt: command.now } }];
    }
    case 'RejectInstitution': {
      const { name } = pendingInstitution(command, state);
      const reason = rejectionReason(command.reason);
      return [
        { type: 'InstitutionRejected', data: { accountId: command.accountId, institutionName: name, reason, rejectedBy: command.decidedBy, rejectedAt: command.now } },
      ];
    }
    case 'ResetPassword': {
      const account = requireRegistered(state);
      requirePasswordHash(command.newPasswordHash);
      return [{ type: 'PasswordReset', data: { accountId: account.accountId, passwordHash: command.newPasswordHash, resetAt: command.now } }];
    }
    case 'SignOut': {
      const account = requireRegistered(state);
      // The session id and expiry come from a token the gateway verified; anything else is a bug.
      if (typeof command.sessionId !== 'string' || command.sessionId === '' || Number.isNaN(Date.parse(command.tokenExpiresAt))) {
        throw new Error('SignOut needs the session id and the expiry of a verified token');
      }
      return [{ type: 'SignedOut', data: { accountId: account.accountId, sessionId: command.sessionId, tokenExpiresAt: command.tokenExpiresAt, signedOutAt: command.now } }];
    }
    case 'ChangeMobile':
      return changeMobile(command, state);
    case 'EditProfile':
      return editProfile(command, state);
    case 'EraseAccount':
      return eraseAccount(command, state);
    default:
      return assertNever(command, 'account command');
  }
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: { status: 'unregistered' },
  evolve,
  decide,
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const accountTransitions: TransitionRules<AccountEvent> = {
  AccountRegistered: ['unregistered'],
  InstitutionRegistered: ['unregistered'],
  AdministratorRegistered: ['unregistered'],
  InstitutionApproved: ['pending-approval'],
  InstitutionRejected: ['pending-approval'],
  InstitutionLinked: ['active'],
  PasswordChanged: ['active', 'pending-approval', 'rejected'],
  PasswordReset: ['active', 'pending-approval', 'rejected'],
  SignedOut: ['active', 'pending-approval', 'rejected'],
  MobileChanged: ['active', 'pending-approval', 'rejected'],
  EmailChanged: ['active', 'pending-approval', 'rejected'],
  AddressChanged: ['active', 'pending-approval', 'rejected'],
  AccountErased: ['active'],
};
