import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { evidenceUnknown, LedgerErrorCodes } from '../ledger-errors';
import { EvidenceMediaType, isEvidenceMediaType, MAX_EVIDENCE_BYTES } from './evidence-media-type';
import { EvidenceEvent } from './evidence.events';

/**
 * One stream per evidence file: `ledger.evidence-<id>`. The bytes live in the blob store under the
 * same server-made id; this stream records who owns them, their digest, type and size, and which
 * achievement they back. An evidence file backs at most one active achievement at a time: the
 * achievement handlers attach it (with the stream's expected revision, so two achievements cannot
 * both win) before storing or amending, and detach it when the achievement lets it go.
 *
 * Files take room: a learner's files (registered, not yet expired) stay within a storage quota.
 * A file that backs no achievement for `maxAgeSeconds` (24 hours by default: uploaded and never
 * used, or let go by an amendment or a withdrawal) expires: the sweep appends EvidenceExpired
 * with the stream's expected revision, so an attach that wins the race keeps the file.
 */
export const EVIDENCE_STREAM_PREFIX = 'ledger.evidence-';
export const evidenceStreamId = (evidenceId: string): string => `${EVIDENCE_STREAM_PREFIX}${evidenceId}`;

/**
 * A claim whose achievement never got stored (the process died between attaching and storing) is
 * released after this long, so the learner's file does not stay locked for ever.
 */
export const EVIDENCE_CLAIM_GRACE_SECONDS = 60;

const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface RegisterEvidence {
  type: 'RegisterEvidence';
  evidenceId: string;
  ownerId: string;
  sha256: string;
  /** As recognised from the file's first bytes by `detectEvidenceMediaType`; undefined = none of the four. */
  mediaType: string | undefined;
  size: number;
  /** What the owner's files (not expired) take now, in bytes, and what they may take. */
  storage: { usedBytes: number; quotaBytes: number };
  now: string;
}

/** The sweep's command: expire the file if it has backed no achievement for `maxAgeSeconds`. */
export interface ExpireEvidence {
  type: 'ExpireEvidence';
  evidenceId: string;
  maxAgeSeconds: number;
  now: string;
}

/**
 * What the handler found about the achievement currently holding the evidence (read from that
 * achievement's stream): whether it still uses this evidence, uses other evidence, was withdrawn,
 * or does not exist (yet).
 */
export interface EvidenceHolder {
  achievementId: string;
  status: 'uses-it' | 'uses-other' | 'withdrawn' | 'absent';
}

export interface AttachEvidence {
  type: 'AttachEvidence';
  evidenceId: string;
  ownerId: string;
  achievementId: string;
  holder?: EvidenceHolder;
  now: string;
}

export interface DetachEvidence {
  type: 'DetachEvidence';
  evidenceId: string;
  achievementId: string;
  now: string;
}

export type EvidenceCommand = RegisterEvidence | AttachEvidence | DetachEvidence | ExpireEvidence;

export type EvidenceState =
  | { status: 'absent' }
  | {
      status: 'registered';
      evidenceId: string;
      ownerId: string;
      sha256: string;
      mediaType: EvidenceMediaType;
      size: number;
      registeredAt: string;
      attachedTo: string | null;
      attachedAt: string | null;
      /** Since when it backs no achievement (registered, or last detached); null while attached. */
      idleSince: string | null;
    }
  | { status: 'expired'; evidenceId: string; ownerId: string; expiredAt: string };

function evolve(state: EvidenceState, event: EvidenceEvent): EvidenceState {
  switch (event.type) {
    case 'EvidenceRegistered':
      return { status: 'registered', ...event.data, attachedTo: null, attachedAt: null, idleSince: event.data.registeredAt };
    case 'EvidenceAttached':
      return state.status === 'registered' ? { ...state, attachedTo: event.data.achievementId, attachedAt: event.data.attachedAt, idleSince: null } : state;
    case 'EvidenceDetached':
      return state.status === 'registered' && state.attachedTo === event.data.achievementId
        ? { ...state, attachedTo: null, attachedAt: null, idleSince: event.data.detachedAt }
        : state;
    case 'EvidenceExpired':
      return { status: 'expired', evidenceId: event.data.evidenceId, ownerId: event.data.ownerId, expiredAt: event.data.expiredAt };
    default:
      return assertNever(event, 'evidence event');
  }
}

function register(command: RegisterEvidence, state: EvidenceState): EvidenceEvent[] {
  if (state.status !== 'absent') throw new DomainError(LedgerErrorCodes.EVIDENCE_ALREADY_REGISTERED, 'conflict', 'This evidence id is already registered.');
  if (!isEvidenceMediaType(command.mediaType)) {
    throw new DomainError(LedgerErrorCodes.EVIDENCE_TYPE_UNSUPPORTED, 'unsupported_media_type', 'Evidence must be a jpg, png, gif or pdf file.');
  }
  if (command.size > MAX_EVIDENCE_BYTES) {
    throw new DomainError(LedgerErrorCodes.EVIDENCE_TOO_LARGE, 'payload_too_large', `Evidence files are at most ${MAX_EVIDENCE_BYTES} bytes (10 MiB).`);
  }
  if (!Number.isSafeInteger(command.size) || command.size < 1) {
    throw new DomainError(LedgerErrorCodes.EVIDENCE_INVALID, 'validation', 'An evidence file has a positive whole size.', undefined, [
      { field: 'size', code: 'min', message: 'size must be a positive integer' },
    ]);
  }
  if (!SHA256_HEX.test(command.sha256)) {
    throw new DomainError(LedgerErrorCodes.EVIDENCE_INVALID, 'validation', 'The digest must be a lower-case hex SHA-256.', undefined, [
      { field: 'sha256', code: 'matches', message: 'sha256 must be 64 lower-case hex digits' },
    ]);
  }
  const { usedBytes, quotaBytes } = command.storage;
  if (usedBytes + command.size > quotaBytes) {
    throw new DomainError(
      LedgerErrorCodes.EVIDENCE_QUOTA_EXCEEDED,
      'payload_too_large',
      `Your evidence files take ${usedBytes} of ${quotaBytes} bytes; this one (${command.size} bytes) does not fit. Files that back no achievement are deleted after a day.`,
    );
  }
  return [
    {
      type: 'EvidenceRegistered',
      data: {
        evidenceId: command.evidenceId,
        ownerId: command.ownerId,
        sha256: command.sha256,
        mediaType: command.mediaType,
        size: command.size,
        registeredAt: command.now,
      },
    },
  ];
}

/** True when the current claim can be released: its achievement no longer uses the evidence. */
function claimIsStale(state: Extract<EvidenceState, { status: 'registered' }>, holder: EvidenceHolder | undefined, now: string): boolean {
  if (!holder || holder.achievementId !== state.attachedTo) return false;
  switch (holder.status) {
    case 'uses-it':
      return false;
    case 'uses-other':
    case 'withdrawn':
      return true;
    case 'absent':
      return state.attachedAt !== null && Date.parse(now) - Date.parse(state.attachedAt) > EVIDENCE_CLAIM_GRACE_SECONDS * 1000;
    default:
      return assertNever(holder.status, 'holder status');
  }
}

function attach(command: AttachEvidence, state: EvidenceState): EvidenceEvent[] {
  // Someone else's evidence gets the same answer as evidence that does not exist.
  if (state.status !== 'registered' || state.ownerId !== command.ownerId) throw evidenceUnknown();
  if (state.attachedTo === command.achievementId) return [];
  const attached: EvidenceEvent = { type: 'EvidenceAttached', data: { evidenceId: state.evidenceId, achievementId: command.achievementId, attachedAt: command.now } };
  if (state.attachedTo === null) return [attached];
  if (!claimIsStale(state, command.holder, command.now)) {
    throw new DomainError(LedgerErrorCodes.EVIDENCE_IN_USE, 'conflict', 'This evidence file already backs another of your achievements; upload a file for this one.', undefined, [
      { field: 'evidenceId', code: LedgerErrorCodes.EVIDENCE_IN_USE, message: 'already attached to another achievement' },
    ]);
  }
  return [{ type: 'EvidenceDetached', data: { evidenceId: state.evidenceId, achievementId: state.attachedTo, detachedAt: command.now } }, attached];
}

function expire(command: ExpireEvidence, state: EvidenceState): EvidenceEvent[] {
  // Already expired (a replayed or a second sweep), never registered, or attached meanwhile: nothing.
  if (state.status !== 'registered' || state.attachedTo !== null || state.idleSince === null) return [];
  if (Date.parse(command.now) - Date.parse(state.idleSince) < command.maxAgeSeconds * 1000) return [];
  return [
    {
      type: 'EvidenceExpired',
      data: { evidenceId: state.evidenceId, ownerId: state.ownerId, size: state.size, idleSince: state.idleSince, expiredAt: command.now },
    },
  ];
}

function detach(command: DetachEvidence, state: EvidenceState): EvidenceEvent[] {
  if (state.status !== 'registered' || state.attachedTo !== command.achievementId) return [];
  return [{ type: 'EvidenceDetached', data: { evidenceId: state.evidenceId, achievementId: command.achievementId, detachedAt: command.now } }];
}

export const evidenceDecider: Decider<EvidenceCommand, EvidenceEvent, EvidenceState> = {
  initialState: { status: 'absent' },
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'RegisterEvidence':
        return register(command, state);
      case 'AttachEvidence':
        return attach(command, state);
      case 'DetachEvidence':
        return detach(command, state);
      case 'ExpireEvidence':
        return expire(command, state);
      default:
        return assertNever(command, 'evidence command');
    }
  },
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const evidenceTransitions: TransitionRules<EvidenceEvent> = {
  EvidenceRegistered: ['absent'],
  EvidenceAttached: ['registered'],
  EvidenceDetached: ['registered'],
  EvidenceExpired: ['registered'],
};
