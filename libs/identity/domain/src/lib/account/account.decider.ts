import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { AccountEvent } from './account.events';
import {
  individualProfileErrors,
  IndividualProfile,
  institutionProfileErrors,
  InstitutionProfile,
  normalizeIndividualProfile,
  normalizeInstitutionProfile,
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

export type AccountCommand = RegisterIndividual | RegisterInstitution | ChangePassword;

export type AccountType = 'individual' | 'institution';
export type AccountRole = 'learner' | 'institution';

interface Registered {
  accountId: string;
  accountType: AccountType;
  username: string;
  passwordHash: string;
}

export type AccountState =
  | { status: 'unregistered' }
  | ({ status: 'active' } & Registered)
  | ({ status: 'pending-approval' } & Registered);

export const roleOf = (accountType: AccountType): AccountRole => (accountType === 'individual' ? 'learner' : 'institution');

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
      };
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
            nationality: p.nationality,
            ethnicity: p.ethnicity,
            gender: p.gender,
            idType: p.idType,
            idNumber: p.idNumber,
            birthDate: p.birthDate,
            email: p.email,
            address: p.address,
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
export const accountTransitions: TransitionRules<AccountEvent> = { AccountRegistered: ['unregistered'], InstitutionRegistered: ['unregistered'], PasswordChanged: ['active', 'pending-approval'] };
