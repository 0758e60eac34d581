import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { LedgerErrorCodes } from '../ledger-errors';

/**
 * One certificate (证书): its issuer and normalised number (`certificateKeyOf`), one stream each,
 * `ledger.certificate-<sha256(key)>` (the hash keeps certificate numbers out of stream ids). It
 * records which achievements, of which learners, claim the certificate:
 * - one learner stores a certificate once: a second active achievement of theirs is refused
 *   (409 LEDGER.CERTIFICATE_ALREADY_STORED), also when two arrive at once (expected revision);
 * - other learners may store it too, but their achievements are "possible duplicates" the reviewer
 *   sees and must give a reason to recognise anyway.
 * A claim is released when its achievement is withdrawn or amended to another certificate. If the
 * process died between the claim and the achievement's own append, the next claim of that learner
 * finds the holder gone after a grace period and takes its place.
 */
export const CERTIFICATE_STREAM_PREFIX = 'ledger.certificate-';
export const certificateStreamId = (keyHash: string): string => `${CERTIFICATE_STREAM_PREFIX}${keyHash}`;

/** A claim whose achievement never got stored is stale after this long. */
export const CERTIFICATE_CLAIM_GRACE_SECONDS = 60;

export type CertificateEvent =
  | { type: 'CertificateClaimed'; data: { keyHash: string; achievementId: string; ownerId: string; claimedAt: string } }
  | { type: 'CertificateReleased'; data: { keyHash: string; achievementId: string; releasedAt: string } };

export interface CertificateHolder {
  ownerId: string;
  claimedAt: string;
}

export type CertificateState = { status: 'unclaimed' | 'claimed'; holders: Readonly<Record<string, CertificateHolder>> };

/** What the handler read from a holder's own stream: whether it still is this certificate's achievement. */
export type HolderStatus = 'uses-it' | 'uses-other' | 'withdrawn' | 'absent';

export interface ClaimCertificate {
  type: 'ClaimCertificate';
  keyHash: string;
  achievementId: string;
  ownerId: string;
  /** The status of each other achievement of the same learner holding the certificate. */
  ownHolders: Record<string, HolderStatus>;
  now: string;
}

export interface ReleaseCertificate {
  type: 'ReleaseCertificate';
  keyHash: string;
  achievementId: string;
  now: string;
}

export type CertificateCommand = ClaimCertificate | ReleaseCertificate;

function evolve(state: CertificateState, event: CertificateEvent): CertificateState {
  switch (event.type) {
    case 'CertificateClaimed':
      return { status: 'claimed', holders: { ...state.holders, [event.data.achievementId]: { ownerId: event.data.ownerId, claimedAt: event.data.claimedAt } } };
    case 'CertificateReleased': {
      const holders = { ...state.holders };
      delete holders[event.data.achievementId];
      return { status: Object.keys(holders).length ? 'claimed' : 'unclaimed', holders };
    }
    default:
      return assertNever(event, 'certificate event');
  }
}

/** The learner's other achievements that hold it and still count (in flight within the grace period, or using it). */
function liveOwnHolders(state: CertificateState, command: ClaimCertificate): { live: string[]; stale: string[] } {
  const live: string[] = [];
  const stale: string[] = [];
  for (const [achievementId, holder] of Object.entries(state.holders)) {
    if (achievementId === command.achievementId || holder.ownerId !== command.ownerId) continue;
    const status = command.ownHolders[achievementId] ?? 'absent';
    const young = Date.parse(command.now) - Date.parse(holder.claimedAt) < CERTIFICATE_CLAIM_GRACE_SECONDS * 1000;
    if (status === 'uses-it' || (status === 'absent' && young)) live.push(achievementId);
    else stale.push(achievementId);
  }
  return { live, stale };
}

function claim(command: ClaimCertificate, state: CertificateState): CertificateEvent[] {
  if (state.holders[command.achievementId]) return [];
  const { live, stale } = liveOwnHolders(state, command);
  if (live.length) {
    throw new DomainError(LedgerErrorCodes.CERTIFICATE_ALREADY_STORED, 'conflict', 'You stored this certificate already (same issuing institution and certificate number).', {
      achievementId: live[0],
    });
  }
  return [
    ...stale.map((achievementId): CertificateEvent => ({ type: 'CertificateReleased', data: { keyHash: command.keyHash, achievementId, releasedAt: command.now } })),
    { type: 'CertificateClaimed', data: { keyHash: command.keyHash, achievementId: command.achievementId, ownerId: command.ownerId, claimedAt: command.now } },
  ];
}

function release(command: ReleaseCertificate, state: CertificateState): CertificateEvent[] {
  return state.holders[command.achievementId] ? [{ type: 'CertificateReleased', data: { keyHash: command.keyHash, achievementId: command.achievementId, releasedAt: command.now } }] : [];
}

export const certificateDecider: Decider<CertificateCommand, CertificateEvent, CertificateState> = {
  initialState: { status: 'unclaimed', holders: {} },
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'ClaimCertificate':
        return claim(command, state);
      case 'ReleaseCertificate':
        return release(command, state);
      default:
        return assertNever(command, 'certificate command');
    }
  },
};

/** Achievements of other learners that hold the certificate: the reviewer's "possible duplicates". */
export function otherLearnersHolding(state: CertificateState, ownerId: string): string[] {
  return Object.entries(state.holders)
    .filter(([, holder]) => holder.ownerId !== ownerId)
    .map(([achievementId]) => achievementId)
    .sort();
}

/** For audits: the statuses each event may follow. */
export const certificateTransitions: TransitionRules<CertificateEvent> = {
  CertificateClaimed: ['unclaimed', 'claimed'],
  CertificateReleased: ['claimed'],
};
