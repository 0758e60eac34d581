import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { achievementInvalid, achievementNotFound, LedgerErrorCodes } from '../ledger-errors';
import { ACHIEVEMENT_FIELDS, AchievementDetails, achievementDetailsErrors, achievementSummary } from './achievement-details';
import { AchievementEvent } from './achievement.events';

/**
 * A learner's achievement (学习成果), one stream each: `ledger.achievement-<id>`.
 * absent → stored ⇄ (amended) → submitted (recognition requested), or stored → withdrawn.
 * Only the owner may act on it; anyone else gets the very refusal an unknown id gets. The state's
 * `revision` counts the stream's events (0 after the store), which is what the HTTP ETag carries.
 */
export const ACHIEVEMENT_STREAM_PREFIX = 'ledger.achievement-';
export const achievementStreamId = (achievementId: string): string => `${ACHIEVEMENT_STREAM_PREFIX}${achievementId}`;

export interface StoreAchievement {
  type: 'StoreAchievement';
  achievementId: string;
  ownerId: string;
  details: AchievementDetails;
  now: string;
}

export interface AmendAchievement {
  type: 'AmendAchievement';
  achievementId: string;
  ownerId: string;
  /** The revision the client last saw (HTTP If-Match). */
  expectedRevision: number;
  /** The fields to set; fields equal to the current values are not recorded. */
  changes: Partial<AchievementDetails>;
  now: string;
}

export interface WithdrawAchievement {
  type: 'WithdrawAchievement';
  achievementId: string;
  ownerId: string;
  /** Optional here: checked only when the client sent If-Match. */
  expectedRevision?: number;
  now: string;
}

export interface RequestRecognition {
  type: 'RequestRecognition';
  achievementId: string;
  ownerId: string;
  now: string;
}

export type AchievementCommand = StoreAchievement | AmendAchievement | WithdrawAchievement | RequestRecognition;

interface Common {
  achievementId: string;
  ownerId: string;
  /** Revision of the last event (-1 before any). */
  revision: number;
}

export type StoredAchievement = Common & { status: 'stored'; details: AchievementDetails; storedAt: string; updatedAt: string };
export type SubmittedAchievement = Common & {
  status: 'submitted';
  details: AchievementDetails;
  storedAt: string;
  updatedAt: string;
  requestedAt: string;
  responsibleInstitution: string;
};
export type AchievementState =
  | { status: 'absent'; revision: number }
  | StoredAchievement
  | SubmittedAchievement
  | (Common & { status: 'withdrawn'; evidenceId: string; withdrawnAt: string });

function evolve(state: AchievementState, event: AchievementEvent): AchievementState {
  const revision = state.revision + 1;
  switch (event.type) {
    case 'AchievementStored': {
      const { achievementId, ownerId, storedAt, ...details } = event.data;
      return { status: 'stored', revision, achievementId, ownerId, details, storedAt, updatedAt: storedAt };
    }
    case 'AchievementAmended':
      if (state.status !== 'stored' && state.status !== 'submitted') return { ...state, revision };
      return { ...state, revision, details: { ...state.details, ...event.data.changes }, updatedAt: event.data.amendedAt };
    case 'AchievementWithdrawn':
      if (state.status === 'absent') return { ...state, revision };
      return {
        status: 'withdrawn',
        revision,
        achievementId: state.achievementId,
        ownerId: state.ownerId,
        evidenceId: event.data.evidenceId,
        withdrawnAt: event.data.withdrawnAt,
      };
    case 'RecognitionRequested':
      if (state.status !== 'stored') return { ...state, revision };
      return { ...state, status: 'submitted', revision, requestedAt: event.data.requestedAt, responsibleInstitution: event.data.responsibleInstitution };
    default:
      return assertNever(event, 'achievement event');
  }
}

/** The achievement as its owner sees it; a missing, withdrawn or someone else's one is "not found". */
export function ownedAchievement(state: AchievementState, ownerId: string): StoredAchievement | SubmittedAchievement {
  if ((state.status === 'stored' || state.status === 'submitted') && state.ownerId === ownerId) return state;
  throw achievementNotFound();
}

function alreadySubmitted(): DomainError {
  return new DomainError(LedgerErrorCodes.ACHIEVEMENT_ALREADY_SUBMITTED, 'conflict', 'The achievement was submitted for recognition; it can no longer be changed, deleted or submitted again.');
}

function revisionMismatch(expected: number, actual: number): DomainError {
  return new DomainError(
    LedgerErrorCodes.REVISION_MISMATCH,
    'precondition_failed',
    `The achievement changed since you read it (you have revision ${expected}, it is at ${actual}); read it again.`,
    { expectedRevision: expected, currentRevision: actual },
  );
}

/**
 * Refusals of an edit, in the order a client meets them: not found (404), already submitted (409),
 * stale revision (412). Exported so a handler can refuse before asking other services anything.
 */
export function editableAchievement(state: AchievementState, ownerId: string, expectedRevision: number | undefined): StoredAchievement {
  const owned = ownedAchievement(state, ownerId);
  if (owned.status === 'submitted') throw alreadySubmitted();
  if (expectedRevision !== undefined && expectedRevision !== owned.revision) throw revisionMismatch(expectedRevision, owned.revision);
  return owned;
}

function store(command: StoreAchievement, state: AchievementState): AchievementEvent[] {
  if (state.status !== 'absent') throw new DomainError(LedgerErrorCodes.ACHIEVEMENT_ALREADY_EXISTS, 'conflict', 'This achievement id is already used.');
  const errors = achievementDetailsErrors(command.details, command.now);
  if (errors.length) throw achievementInvalid(errors);
  return [{ type: 'AchievementStored', data: { achievementId: command.achievementId, ownerId: command.ownerId, ...command.details, storedAt: command.now } }];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `changes` that differ from `current` (only known fields; undefined means "not given"). */
export function changedFields(current: AchievementDetails, changes: Partial<AchievementDetails>): Partial<AchievementDetails> {
  const changed: Partial<AchievementDetails> = {};
  for (const field of ACHIEVEMENT_FIELDS) {
    const value = changes[field];
    if (value === undefined || same(value, current[field])) continue;
    (changed as Record<string, unknown>)[field] = value;
  }
  return changed;
}

function amend(command: AmendAchievement, state: AchievementState): AchievementEvent[] {
  const current = editableAchievement(state, command.ownerId, command.expectedRevision);
  const changes = changedFields(current.details, command.changes);
  if (Object.keys(changes).length === 0) return [];
  const errors = achievementDetailsErrors({ ...current.details, ...changes }, command.now);
  if (errors.length) throw achievementInvalid(errors);
  return [{ type: 'AchievementAmended', data: { achievementId: current.achievementId, changes, amendedAt: command.now } }];
}

function withdraw(command: WithdrawAchievement, state: AchievementState): AchievementEvent[] {
  const current = editableAchievement(state, command.ownerId, command.expectedRevision);
  return [{ type: 'AchievementWithdrawn', data: { achievementId: current.achievementId, evidenceId: current.details.evidenceId, withdrawnAt: command.now } }];
}

function requestRecognition(command: RequestRecognition, state: AchievementState): AchievementEvent[] {
  const current = ownedAchievement(state, command.ownerId);
  if (current.status === 'submitted') throw alreadySubmitted();
  return [
    {
      type: 'RecognitionRequested',
      data: { achievementId: current.achievementId, requestedAt: command.now, responsibleInstitution: achievementSummary(current.details).institutionName },
    },
  ];
}

export const achievementDecider: Decider<AchievementCommand, AchievementEvent, AchievementState> = {
  initialState: { status: 'absent', revision: -1 },
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'StoreAchievement':
        return store(command, state);
      case 'AmendAchievement':
        return amend(command, state);
      case 'WithdrawAchievement':
        return withdraw(command, state);
      case 'RequestRecognition':
        return requestRecognition(command, state);
      default:
        return assertNever(command, 'achievement command');
    }
  },
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const achievementTransitions: TransitionRules<AchievementEvent> = { AchievementStored: ['absent'], AchievementAmended: ['stored'], AchievementWithdrawn: ['stored'], RecognitionRequested: ['stored'] };
