import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { IdentityErrorCodes, IdentityFieldCodes } from '../identity-errors';
import { isValidUsername } from '../value-objects/personal-data';
import { AccountEvent } from './account.events';
import {
  individualProfileErrors,
  IndividualProfile,
  institutionProfileErrors,
  InstitutionProfile,
  normalizeIndividualProfile,
  normalizeInstitutionProfile,
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

/** 机构审核: the administrator approves a pending institution. */
export interface ApproveInstitution extends Decision {
  type: 'ApproveInstitution';
  accountId: string;
}

/** 机构审核: the administrator rejects a pending institution, with a reason. */
export interface RejectInstitution extends Decision {
  type: 'RejectInstitution';
  accountId: string;
  reason: string;
}

export type AccountCommand = RegisterIndividual | RegisterInstitution | ChangePassword | RegisterAdministrator | ApproveInstitution | RejectInstitution;

export type AccountType = 'individual' | 'institution' | 'administrator';
export type AccountRole = 'learner' | 'institution' | 'admin';

interface Registered {
  accountId: string;
  accountType: AccountType;
  username: string;
  passwordHash: string;
  /** The registered name of an institution. */
  name?: string;
}

/**
 * `active`: individuals, administrators and approved institutions. An institution starts
 * `pending-approval` and becomes `active` or `rejected` (final) by the administrator's decision.
 */
export type AccountState =
  | { status: 'unregistered' }
  | ({ status: 'active' } & Registered)
  | ({ status: 'pending-approval' } & Registered)
  | ({ status: 'rejected' } & Registered);

const ROLES: Record<AccountType, AccountRole> = { individual: 'learner', institution: 'institution', administrator: 'admin' };
export const roleOf = (accountType: AccountType): AccountRole => ROLES[accountType];

export const REJECTION_REASON_MAX_LENGTH = 500;

function evolve(state: AccountState, event: AccountEvent): AccountState {
  switch (event.type) {
    case 'AccountRegistered':
      return { status: 'active', accountId: event.data.accountId, accountType: 'individual', username: event.data.username, passwordHash: event.data.passwordHash };
    case 'InstitutionRegistered':
      return {
        status: event.data.status,
        accountId: event.data.accountId,
        accountType: 'institution',
        username: event.data.username,
        passwordHash: event.data.passwordHash,
        name: event.data.name,
      };
    case 'AdministratorRegistered':
      return { status: 'active', accountId: event.data.accountId, accountType: 'administrator', username: event.data.username, passwordHash: event.data.passwordHash };
    case 'InstitutionApproved':
      return state.status === 'unregistered' ? state : { ...state, status: 'active' };
    case 'InstitutionRejected':
      return state.status === 'unregistered' ? state : { ...state, status: 'rejected' };
    case 'PasswordChanged':
      return state.status === 'unregistered' ? state : { ...state, passwordHash: event.data.passwordHash };
    default:
      return assertNever(event, 'account event');
  }
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
      switch (state.status) {
        case 'unregistered':
          throw new DomainError(IdentityErrorCodes.ACCOUNT_NOT_FOUND, 'not_found', 'No such account.');
        case 'active':
        case 'pending-approval':
        case 'rejected':
          break;
        default:
          return assertNever(state, 'account state');
      }
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
      return [{ type: 'PasswordChanged', data: { accountId: state.accountId, passwordHash: command.newPasswordHash, changedAt: command.now } }];
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
      const { name } = pendingInstitution(command, state);
      return [{ type: 'InstitutionApproved', data: { accountId: command.accountId, institutionName: name, approvedBy: command.decidedBy, approvedAt: command.now } }];
    }
    case 'RejectInstitution': {
      const { name } = pendingInstitution(command, state);
      const reason = rejectionReason(command.reason);
      return [
        { type: 'InstitutionRejected', data: { accountId: command.accountId, institutionName: name, reason, rejectedBy: command.decidedBy, rejectedAt: command.now } },
      ];
    }
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
  PasswordChanged: ['active', 'pending-approval', 'rejected'],
};
