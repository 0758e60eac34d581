import { assertNever, Decider, DomainError, FieldError, TransitionRules } from '@credit-bank/kernel';
import { achievementInvalid, achievementNotFound, LedgerErrorCodes, LedgerFieldCodes } from '../ledger-errors';
import { ACHIEVEMENT_FIELDS, AchievementDetails, achievementDetailsErrors, achievementSummary } from './achievement-details';
import { AchievementEvent, EvidenceViewerRole, RecognitionRouting } from './achievement.events';

/**
 * A learner's achievement (学习成果), one stream each: `ledger.achievement-<id>`.
 * absent → stored ⇄ (amended) → submitted (recognition requested) → under-review (claimed by a
 * reviewer of the responsible institution) → recognised | rejected | returned; returned ⇄
 * (amended) → submitted again; stored or returned → withdrawn; recognised → revoked (撤销认定).
 * A request for an institution no approved account reviews for (or one only named by hand) waits
 * in 管理中心's routing queue (awaiting-routing) until the administrator assigns it (submitted) or
 * returns it to the learner (returned).
 * Only the owner may edit, submit or withdraw it; only a reviewer of the directory institution it
 * was submitted to (by id, never by name) may claim, decide and revoke it. Anyone else gets the
 * very refusal an unknown id gets.
 * The state's `revision` counts the stream's events (0 after the store): the HTTP ETag.
 *
 * A decision on a request nobody claimed yet claims it in the same append (RecognitionClaimed,
 * then the decision), so the record always names who took it; a request claimed by another
 * reviewer is refused (409) until that reviewer decides it.
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
  /** Whether an approved account reviews for the achievement's directory institution (the handler looked it up). */
  institutionHasReviewer: boolean;
  now: string;
}

/** The reviewer as the ledger knows them: an approved institution account and the directory institution it is linked to. */
export interface Reviewer {
  reviewerId: string;
  institutionId: string;
  institutionName: string;
}

/** 管理中心 assigns a request of its routing queue to a directory institution that has an approved account. */
export interface RouteRecognition {
  type: 'RouteRecognition';
  achievementId: string;
  administratorId: string;
  institutionId: string;
  institutionName: string;
  now: string;
}

/** 管理中心 returns a request of its routing queue to the learner. */
export interface DeclineRouting {
  type: 'DeclineRouting';
  achievementId: string;
  administratorId: string;
  reason: string;
  now: string;
}

/** Who opens or revokes besides the learner: a reviewer of an institution, or 管理中心. */
export interface Official {
  accountId: string;
  role: EvidenceViewerRole;
  /** The directory institution of a reviewer; null for the administrator. */
  institutionId: string | null;
}

/** A reviewer of the responsible institution, or the administrator, opens the request's evidence. */
export interface RecordEvidenceView {
  type: 'RecordEvidenceView';
  achievementId: string;
  evidenceId: string;
  viewer: Official;
  now: string;
}

/** 撤销认定 by the recognising institution or the administrator. */
export interface RevokeRecognition {
  type: 'RevokeRecognition';
  achievementId: string;
  revoker: Official;
  reason: string;
  now: string;
}

export interface ClaimRecognition {
  type: 'ClaimRecognition';
  achievementId: string;
  reviewer: Reviewer;
  now: string;
}

/** 认定通过. Fields not given default from the catalogue snapshot (level, credits) and the achievement (category, type). */
export interface RecogniseAchievement {
  type: 'RecogniseAchievement';
  achievementId: string;
  reviewer: Reviewer;
  frameworkLevel?: number;
  category?: string;
  achievementType?: string;
  credits?: number;
  comment?: string;
  /** Other learners' active achievements of the same certificate (the handler read the certificate's holders). */
  possibleDuplicates?: string[];
  /** Required when there are possible duplicates: why it is recognised anyway. */
  duplicateReason?: string;
  now: string;
}

export interface RejectRecognition {
  type: 'RejectRecognition';
  achievementId: string;
  reviewer: Reviewer;
  reason: string;
  now: string;
}

export interface ReturnAchievement {
  type: 'ReturnAchievement';
  achievementId: string;
  reviewer: Reviewer;
  reason: string;
  now: string;
}

export type AchievementCommand =
  | StoreAchievement
  | AmendAchievement
  | WithdrawAchievement
  | RequestRecognition
  | ClaimRecognition
  | RecogniseAchievement
  | RejectRecognition
  | ReturnAchievement
  | RouteRecognition
  | DeclineRouting
  | RecordEvidenceView
  | RevokeRecognition;

interface Common {
  achievementId: string;
  ownerId: string;
  /** Revision of the last event (-1 before any). */
  revision: number;
}

interface Active extends Common {
  details: AchievementDetails;
  storedAt: string;
  updatedAt: string;
}

/** Where the last recognition request went. */
interface Submission {
  requestedAt: string;
  /** The responsible institution's name (for people). */
  responsibleInstitution: string;
  /** Its directory id; null while a request only names an institution (routing queue). */
  responsibleInstitutionId: string | null;
}

export interface Claim extends Reviewer {
  claimedAt: string;
}

/** 认定结果: what the reviewer fixed. */
export interface RecognitionOutcome extends Reviewer {
  frameworkLevel: number;
  category: string;
  type: string;
  credits: number;
  comment?: string;
  duplicateOverride?: { possibleDuplicates: string[]; reason: string };
  recognisedAt: string;
}

/** A return or rejection: by a reviewer of an institution, or (a routing return) by 管理中心 (institutionId null). */
export interface ReviewNote {
  reviewerId: string;
  institutionId: string | null;
  institutionName: string;
  reason: string;
  at: string;
}

export interface Revocation {
  revokedBy: string;
  revokerRole: EvidenceViewerRole;
  institutionId: string | null;
  reason: string;
  at: string;
}

export type StoredAchievement = Active & { status: 'stored' };
export type AwaitingRoutingAchievement = Active & Submission & { status: 'awaiting-routing' };
export type SubmittedAchievement = Active & Submission & { status: 'submitted' };
export type UnderReviewAchievement = Active & Submission & { status: 'under-review'; claim: Claim };
export type RecognisedAchievement = Active & Submission & { status: 'recognised'; claim: Claim; recognition: RecognitionOutcome };
export type RejectedAchievement = Active & Submission & { status: 'rejected'; claim: Claim; rejection: ReviewNote };
/** Returned by a reviewer (who claimed it), or by 管理中心 from the routing queue (no claim). */
export type ReturnedAchievement = Active & Submission & { status: 'returned'; claim?: Claim; returned: ReviewNote };
export type RevokedAchievement = Active & Submission & { status: 'revoked'; claim: Claim; recognition: RecognitionOutcome; revocation: Revocation };

/** States the learner may still edit, withdraw or (re)submit. */
export type EditableAchievement = StoredAchievement | ReturnedAchievement;
/** Every state of an achievement that exists for its owner. */
export type ActiveAchievement =
  | StoredAchievement
  | AwaitingRoutingAchievement
  | SubmittedAchievement
  | UnderReviewAchievement
  | RecognisedAchievement
  | RejectedAchievement
  | ReturnedAchievement
  | RevokedAchievement;
/** States a reviewer of the responsible institution can see. */
export type ReviewableAchievement = Exclude<ActiveAchievement, StoredAchievement | AwaitingRoutingAchievement>;

/** A withdrawn achievement keeps its last details: what its evidence and certificate claims are released from. */
export type AchievementState =
  | { status: 'absent'; revision: number }
  | ActiveAchievement
  | (Common & { status: 'withdrawn'; evidenceId: string; withdrawnAt: string; details: AchievementDetails | null });

const isActive = (state: AchievementState): state is ActiveAchievement => state.status !== 'absent' && state.status !== 'withdrawn';

/** The part of an active state that every status shares. */
function activeBase(state: ActiveAchievement, revision: number): Active {
  return { achievementId: state.achievementId, ownerId: state.ownerId, revision, details: state.details, storedAt: state.storedAt, updatedAt: state.updatedAt };
}

function evolve(state: AchievementState, event: AchievementEvent): AchievementState {
  const revision = state.revision + 1;
  switch (event.type) {
    case 'AchievementStored': {
      const { achievementId, ownerId, storedAt, ...details } = event.data;
      return { status: 'stored', revision, achievementId, ownerId, details, storedAt, updatedAt: storedAt };
    }
    case 'AchievementAmended':
      if (!isActive(state)) return { ...state, revision };
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
        details: state.details,
      };
    case 'RecognitionRequested':
      if (state.status !== 'stored' && state.status !== 'returned') return { ...state, revision };
      return {
        ...activeBase(state, revision),
        status: event.data.routing === 'administrator' ? 'awaiting-routing' : 'submitted',
        requestedAt: event.data.requestedAt,
        responsibleInstitution: event.data.responsibleInstitution,
        responsibleInstitutionId: event.data.responsibleInstitutionId,
        updatedAt: event.data.requestedAt,
      };
    case 'RecognitionRouted':
      if (state.status !== 'awaiting-routing' && state.status !== 'submitted') return { ...state, revision };
      return {
        ...state,
        status: 'submitted',
        revision,
        responsibleInstitution: event.data.institutionName,
        responsibleInstitutionId: event.data.institutionId,
        updatedAt: event.data.routedAt,
      };
    case 'RecognitionRoutingDeclined': {
      if (state.status !== 'awaiting-routing') return { ...state, revision };
      const { declinedBy, reason, declinedAt } = event.data;
      return {
        ...state,
        status: 'returned',
        revision,
        returned: { reviewerId: declinedBy, institutionId: null, institutionName: ADMINISTRATION_NAME, reason, at: declinedAt },
        updatedAt: declinedAt,
      };
    }
    case 'EvidenceViewed':
      return { ...state, revision };
    case 'RecognitionRevoked': {
      if (state.status !== 'recognised') return { ...state, revision };
      const { revokedBy, revokerRole, institutionId, reason, revokedAt } = event.data;
      return { ...state, status: 'revoked', revision, revocation: { revokedBy, revokerRole, institutionId, reason, at: revokedAt }, updatedAt: revokedAt };
    }
    case 'RecognitionClaimed': {
      if (state.status !== 'submitted') return { ...state, revision };
      const { reviewerId, institutionId, institutionName, claimedAt } = event.data;
      return { ...state, status: 'under-review', revision, claim: { reviewerId, institutionId, institutionName, claimedAt } };
    }
    case 'AchievementRecognised': {
      if (state.status !== 'under-review') return { ...state, revision };
      const { achievementId: _a, ownerId: _o, ...outcome } = event.data;
      return { ...state, status: 'recognised', revision, recognition: outcome, updatedAt: event.data.recognisedAt };
    }
    case 'RecognitionRejected': {
      if (state.status !== 'under-review') return { ...state, revision };
      const { reviewerId, institutionId, institutionName, reason, rejectedAt } = event.data;
      return { ...state, status: 'rejected', revision, rejection: { reviewerId, institutionId, institutionName, reason, at: rejectedAt }, updatedAt: rejectedAt };
    }
    case 'AchievementReturned': {
      if (state.status !== 'under-review') return { ...state, revision };
      const { reviewerId, institutionId, institutionName, reason, returnedAt } = event.data;
      return { ...state, status: 'returned', revision, returned: { reviewerId, institutionId, institutionName, reason, at: returnedAt }, updatedAt: returnedAt };
    }
    default:
      return assertNever(event, 'achievement event');
  }
}

/** The achievement as its owner sees it; a missing, withdrawn or someone else's one is "not found". */
export function ownedAchievement(state: AchievementState, ownerId: string): ActiveAchievement {
  if (isActive(state) && state.ownerId === ownerId) return state;
  throw achievementNotFound();
}

function alreadySubmitted(): DomainError {
  return new DomainError(
    LedgerErrorCodes.ACHIEVEMENT_ALREADY_SUBMITTED,
    'conflict',
    'The achievement was submitted for recognition; it can no longer be changed, deleted or submitted again (unless the institution returns it for correction).',
  );
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
 * Refusals of an edit, in the order a client meets them: not found (404), submitted and not
 * returned (409), stale revision (412). Exported so a handler can refuse before asking other
 * services anything. A stored achievement and one returned for correction may be edited.
 */
export function editableAchievement(state: AchievementState, ownerId: string, expectedRevision: number | undefined): EditableAchievement {
  const owned = ownedAchievement(state, ownerId);
  if (owned.status !== 'stored' && owned.status !== 'returned') throw alreadySubmitted();
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

/** How 管理中心 is named where an institution would be (a routing return). */
export const ADMINISTRATION_NAME = '管理中心';

function requestRecognition(command: RequestRecognition, state: AchievementState): AchievementEvent[] {
  const current = ownedAchievement(state, command.ownerId);
  if (current.status !== 'stored' && current.status !== 'returned') throw alreadySubmitted();
  const { institutionId, institutionName } = achievementSummary(current.details);
  const routing: RecognitionRouting = institutionId !== null && command.institutionHasReviewer ? 'institution' : 'administrator';
  return [
    {
      type: 'RecognitionRequested',
      data: { achievementId: current.achievementId, requestedAt: command.now, responsibleInstitution: institutionName, responsibleInstitutionId: institutionId, routing },
    },
  ];
}

/**
 * The request as a reviewer of the directory institution `institutionId` sees it: an achievement
 * never submitted or still in the routing queue, a withdrawn or unknown one, and one submitted to
 * another institution (whatever its name) are all "not found".
 */
export function reviewableAchievement(state: AchievementState, institutionId: string): ReviewableAchievement {
  if (isActive(state) && state.status !== 'stored' && state.status !== 'awaiting-routing' && state.responsibleInstitutionId === institutionId) return state;
  throw achievementNotFound();
}

function claimedByAnother(claim: Claim): DomainError {
  return new DomainError(LedgerErrorCodes.RECOGNITION_CLAIMED_BY_ANOTHER, 'conflict', 'Another reviewer of your institution took this request; only they may decide it.', {
    claimedBy: claim.reviewerId,
    claimedAt: claim.claimedAt,
  });
}

function alreadyDecided(status: 'recognised' | 'rejected' | 'revoked'): DomainError {
  return new DomainError(LedgerErrorCodes.RECOGNITION_ALREADY_DECIDED, 'conflict', `The request was decided already (${status}); one decision stands.`, { status });
}

function notPending(): DomainError {
  return new DomainError(LedgerErrorCodes.RECOGNITION_NOT_PENDING, 'conflict', 'The request was returned to the learner for correction and has not been submitted again.', {
    status: 'returned',
  });
}

/** Refusals of the state, for a claim or a decision: 404, then 409 (decided, returned, claimed by another). */
function pendingFor(state: AchievementState, reviewer: Reviewer): SubmittedAchievement | UnderReviewAchievement {
  const current = reviewableAchievement(state, reviewer.institutionId);
  switch (current.status) {
    case 'recognised':
    case 'rejected':
    case 'revoked':
      throw alreadyDecided(current.status);
    case 'returned':
      throw notPending();
    case 'under-review':
      if (current.claim.reviewerId !== reviewer.reviewerId) throw claimedByAnother(current.claim);
      return current;
    case 'submitted':
      return current;
    default:
      return assertNever(current, 'reviewable state');
  }
}

const claimed = (current: SubmittedAchievement, reviewer: Reviewer, now: string): AchievementEvent => ({
  type: 'RecognitionClaimed',
  data: { achievementId: current.achievementId, reviewerId: reviewer.reviewerId, institutionId: reviewer.institutionId, institutionName: reviewer.institutionName, claimedAt: now },
});

/** The claim an unclaimed request gets with its decision (none when the reviewer holds it already). */
const implicitClaim = (current: SubmittedAchievement | UnderReviewAchievement, reviewer: Reviewer, now: string): AchievementEvent[] =>
  current.status === 'submitted' ? [claimed(current, reviewer, now)] : [];

function claim(command: ClaimRecognition, state: AchievementState): AchievementEvent[] {
  const current = pendingFor(state, command.reviewer);
  if (current.status === 'under-review') return []; // the same reviewer again: nothing to record
  return [claimed(current, command.reviewer, command.now)];
}

/** Bounds of a recognition: 资历框架 levels 1–7, credits above 0 and at most this. */
export const RECOGNITION_LIMITS = { minLevel: 1, maxLevel: 7, maxCredits: 1000, reason: 500, comment: 500, duplicateReason: 500 } as const;

function recognitionInvalid(errors: FieldError[]): DomainError {
  return new DomainError(LedgerErrorCodes.RECOGNITION_INVALID, 'validation', 'The decision has invalid fields.', undefined, errors);
}

function reasonErrors(reason: unknown, field = 'reason', max: number = RECOGNITION_LIMITS.reason): FieldError[] {
  if (typeof reason !== 'string' || reason.trim() === '') return [{ field, code: LedgerFieldCodes.REQUIRED, message: `${field} is required` }];
  if ([...reason].length > max) return [{ field, code: LedgerFieldCodes.TOO_LONG, message: `${field} must be at most ${max} characters` }];
  return [];
}

/** Level, category, type and credits the reviewer fixes: what they gave, else the defaults; refuses what is out of range or missing. */
export function recognitionOutcome(current: ActiveAchievement, command: RecogniseAchievement): Omit<RecognitionOutcome, keyof Reviewer | 'recognisedAt'> {
  const snapshot = current.details.source === 'catalog' ? current.details.catalogItem : null;
  const frameworkLevel = command.frameworkLevel ?? snapshot?.frameworkLevel;
  const credits = command.credits ?? snapshot?.credits;
  const category = command.category ?? current.details.category;
  const type = command.achievementType ?? achievementSummary(current.details).type;
  const errors: FieldError[] = [];
  if (frameworkLevel === undefined) errors.push({ field: 'frameworkLevel', code: LedgerFieldCodes.REQUIRED, message: 'frameworkLevel is required (no catalogue entry gives a default)' });
  else if (!Number.isInteger(frameworkLevel) || frameworkLevel < RECOGNITION_LIMITS.minLevel || frameworkLevel > RECOGNITION_LIMITS.maxLevel) {
    errors.push({ field: 'frameworkLevel', code: LedgerFieldCodes.OUT_OF_RANGE, message: `frameworkLevel must be a whole number from ${RECOGNITION_LIMITS.minLevel} to ${RECOGNITION_LIMITS.maxLevel}` });
  }
  if (credits === undefined) errors.push({ field: 'credits', code: LedgerFieldCodes.REQUIRED, message: 'credits is required (no catalogue entry gives a default)' });
  else if (!Number.isFinite(credits) || credits <= 0 || credits > RECOGNITION_LIMITS.maxCredits) {
    errors.push({ field: 'credits', code: LedgerFieldCodes.OUT_OF_RANGE, message: `credits must be above 0 and at most ${RECOGNITION_LIMITS.maxCredits}` });
  }
  if (typeof category !== 'string' || category.trim() === '') errors.push({ field: 'category', code: LedgerFieldCodes.REQUIRED, message: 'category is required' });
  if (typeof type !== 'string' || type.trim() === '') errors.push({ field: 'type', code: LedgerFieldCodes.REQUIRED, message: 'type is required' });
  if (command.comment !== undefined && [...command.comment].length > RECOGNITION_LIMITS.comment) {
    errors.push({ field: 'comment', code: LedgerFieldCodes.TOO_LONG, message: `comment must be at most ${RECOGNITION_LIMITS.comment} characters` });
  }
  if (errors.length) throw recognitionInvalid(errors);
  return { frameworkLevel: frameworkLevel as number, category, type, credits: credits as number, ...(command.comment ? { comment: command.comment } : {}) };
}

/**
 * Other learners hold the same certificate: the reviewer sees "possible duplicate of …" and must
 * say why it is recognised anyway (409 with the duplicates until a reason is given).
 */
function duplicateOverride(command: RecogniseAchievement): { possibleDuplicates: string[]; reason: string } | undefined {
  const possibleDuplicates = [...new Set(command.possibleDuplicates ?? [])].filter((id) => id !== command.achievementId).sort();
  if (possibleDuplicates.length === 0) return undefined;
  if (command.duplicateReason === undefined || command.duplicateReason.trim() === '') {
    throw new DomainError(
      LedgerErrorCodes.POSSIBLE_DUPLICATE,
      'conflict',
      'Another learner has stored this certificate (same issuer and certificate number); give duplicateReason to recognise it anyway.',
      { possibleDuplicates },
    );
  }
  const errors = reasonErrors(command.duplicateReason, 'duplicateReason', RECOGNITION_LIMITS.duplicateReason);
  if (errors.length) throw recognitionInvalid(errors);
  return { possibleDuplicates, reason: command.duplicateReason.trim() };
}

function recognise(command: RecogniseAchievement, state: AchievementState): AchievementEvent[] {
  const current = pendingFor(state, command.reviewer);
  const outcome = recognitionOutcome(current, command);
  const override = duplicateOverride(command);
  const { reviewerId, institutionId, institutionName } = command.reviewer;
  return [
    ...implicitClaim(current, command.reviewer, command.now),
    {
      type: 'AchievementRecognised',
      data: {
        achievementId: current.achievementId,
        ownerId: current.ownerId,
        reviewerId,
        institutionId,
        institutionName,
        ...outcome,
        ...(override ? { duplicateOverride: override } : {}),
        recognisedAt: command.now,
      },
    },
  ];
}

function reject(command: RejectRecognition, state: AchievementState): AchievementEvent[] {
  const current = pendingFor(state, command.reviewer);
  const errors = reasonErrors(command.reason);
  if (errors.length) throw recognitionInvalid(errors);
  const { reviewerId, institutionId, institutionName } = command.reviewer;
  return [
    ...implicitClaim(current, command.reviewer, command.now),
    { type: 'RecognitionRejected', data: { achievementId: current.achievementId, reviewerId, institutionId, institutionName, reason: command.reason.trim(), rejectedAt: command.now } },
  ];
}

function returnForCorrection(command: ReturnAchievement, state: AchievementState): AchievementEvent[] {
  const current = pendingFor(state, command.reviewer);
  const errors = reasonErrors(command.reason);
  if (errors.length) throw recognitionInvalid(errors);
  const { reviewerId, institutionId, institutionName } = command.reviewer;
  return [
    ...implicitClaim(current, command.reviewer, command.now),
    { type: 'AchievementReturned', data: { achievementId: current.achievementId, reviewerId, institutionId, institutionName, reason: command.reason.trim(), returnedAt: command.now } },
  ];
}

/**
 * A request 管理中心 may route: one in its routing queue, or one submitted that no reviewer has
 * claimed (its institution may have no reviewer: a request of a store written before institutions
 * had ids, or of an institution whose account was rejected). Anything else is 409; unknown 404.
 */
function awaitingRouting(state: AchievementState): AwaitingRoutingAchievement | SubmittedAchievement {
  if (!isActive(state)) throw achievementNotFound();
  if (state.status !== 'awaiting-routing' && state.status !== 'submitted') {
    throw new DomainError(LedgerErrorCodes.NOT_AWAITING_ROUTING, 'conflict', 'The request is not waiting in the routing queue.', { status: state.status });
  }
  return state;
}

function route(command: RouteRecognition, state: AchievementState): AchievementEvent[] {
  const current = awaitingRouting(state);
  return [
    {
      type: 'RecognitionRouted',
      data: { achievementId: current.achievementId, institutionId: command.institutionId, institutionName: command.institutionName, routedBy: command.administratorId, routedAt: command.now },
    },
  ];
}

function declineRouting(command: DeclineRouting, state: AchievementState): AchievementEvent[] {
  const current = awaitingRouting(state);
  const errors = reasonErrors(command.reason);
  if (errors.length) throw recognitionInvalid(errors);
  return [{ type: 'RecognitionRoutingDeclined', data: { achievementId: current.achievementId, reason: command.reason.trim(), declinedBy: command.administratorId, declinedAt: command.now } }];
}

/**
 * The achievement as an official sees it: the administrator sees every submitted one, a reviewer
 * only those submitted to their institution (others: "not found", as for an unknown id).
 */
function officialView(state: AchievementState, official: Official): ActiveAchievement {
  if (official.role === 'admin') {
    if (isActive(state) && state.status !== 'stored') return state;
    throw achievementNotFound();
  }
  return reviewableAchievement(state, official.institutionId ?? '');
}

function recordEvidenceView(command: RecordEvidenceView, state: AchievementState): AchievementEvent[] {
  const current = officialView(state, command.viewer);
  if (current.details.evidenceId !== command.evidenceId) throw achievementNotFound();
  const { accountId, role, institutionId } = command.viewer;
  return [
    {
      type: 'EvidenceViewed',
      data: { achievementId: current.achievementId, evidenceId: command.evidenceId, viewerId: accountId, viewerRole: role, institutionId: role === 'admin' ? null : institutionId, viewedAt: command.now },
    },
  ];
}

/**
 * 撤销认定: only a recognised achievement, by the institution that recognised it (another
 * institution: "not found") or the administrator, with a reason. A revocation is final.
 */
function revoke(command: RevokeRecognition, state: AchievementState): AchievementEvent[] {
  const current = officialView(state, command.revoker);
  if (current.status === 'revoked') {
    throw new DomainError(LedgerErrorCodes.RECOGNITION_ALREADY_REVOKED, 'conflict', 'The recognition was revoked already.', { revokedAt: current.revocation.at });
  }
  if (current.status !== 'recognised') {
    throw new DomainError(LedgerErrorCodes.RECOGNITION_NOT_RECOGNISED, 'conflict', 'Only a recognised achievement can have its recognition revoked.', { status: current.status });
  }
  if (command.revoker.role === 'institution' && current.recognition.institutionId !== command.revoker.institutionId) throw achievementNotFound();
  const errors = reasonErrors(command.reason);
  if (errors.length) throw recognitionInvalid(errors);
  const { accountId, role, institutionId } = command.revoker;
  return [
    {
      type: 'RecognitionRevoked',
      data: {
        achievementId: current.achievementId,
        ownerId: current.ownerId,
        revokedBy: accountId,
        revokerRole: role,
        institutionId: role === 'admin' ? null : institutionId,
        reason: command.reason.trim(),
        credits: current.recognition.credits,
        revokedAt: command.now,
      },
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
      case 'ClaimRecognition':
        return claim(command, state);
      case 'RecogniseAchievement':
        return recognise(command, state);
      case 'RejectRecognition':
        return reject(command, state);
      case 'ReturnAchievement':
        return returnForCorrection(command, state);
      case 'RouteRecognition':
        return route(command, state);
      case 'DeclineRouting':
        return declineRouting(command, state);
      case 'RecordEvidenceView':
        return recordEvidenceView(command, state);
      case 'RevokeRecognition':
        return revoke(command, state);
      default:
        return assertNever(command, 'achievement command');
    }
  },
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const achievementTransitions: TransitionRules<AchievementEvent> = {
  AchievementStored: ['absent'],
  AchievementAmended: ['stored', 'returned'],
  AchievementWithdrawn: ['stored', 'returned'],
  RecognitionRequested: ['stored', 'returned'],
  RecognitionClaimed: ['submitted'],
  AchievementRecognised: ['under-review'],
  RecognitionRejected: ['under-review'],
  AchievementReturned: ['under-review'],
  RecognitionRouted: ['awaiting-routing', 'submitted'],
  RecognitionRoutingDeclined: ['awaiting-routing'],
  EvidenceViewed: ['awaiting-routing', 'submitted', 'under-review', 'recognised', 'rejected', 'returned', 'revoked'],
  RecognitionRevoked: ['recognised'],
};
