import { DomainError, givenWhenThen } from '@credit-bank/kernel';
import { LedgerErrorCodes } from '../ledger-errors';
import { MAX_EVIDENCE_BYTES } from './evidence-media-type';
import { AttachEvidence, evidenceDecider, evidenceStreamId, ExpireEvidence, RegisterEvidence } from './evidence.decider';
import { EvidenceEvent } from './evidence.events';

const NOW = '2025-03-01T08:00:00.000Z';
const SHA = 'a'.repeat(64);

const QUOTA = 200 * 1024 * 1024;
const register: RegisterEvidence = {
  type: 'RegisterEvidence',
  evidenceId: 'e-1',
  ownerId: 'learner-1',
  sha256: SHA,
  mediaType: 'image/png',
  size: 1234,
  storage: { usedBytes: 0, quotaBytes: QUOTA },
  now: NOW,
};
const registered: EvidenceEvent = {
  type: 'EvidenceRegistered',
  data: { evidenceId: 'e-1', ownerId: 'learner-1', sha256: SHA, mediaType: 'image/png', size: 1234, registeredAt: NOW },
};
const attachedTo = (achievementId: string, at = NOW): EvidenceEvent => ({ type: 'EvidenceAttached', data: { evidenceId: 'e-1', achievementId, attachedAt: at } });
const attach = (achievementId: string, extra: Partial<AttachEvidence> = {}): AttachEvidence => ({
  type: 'AttachEvidence',
  evidenceId: 'e-1',
  ownerId: 'learner-1',
  achievementId,
  now: NOW,
  ...extra,
});

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('evidence decider', () => {
  it('lives in ledger.evidence-<id>', () => {
    expect(evidenceStreamId('e-1')).toBe('ledger.evidence-e-1');
  });

  describe('RegisterEvidence', () => {
    it('records owner, digest, type and size', () => {
      expect(givenWhenThen(evidenceDecider, [], register)).toEqual([registered]);
    });

    it('accepts exactly 10 MiB', () => {
      expect(givenWhenThen(evidenceDecider, [], { ...register, size: MAX_EVIDENCE_BYTES })).toHaveLength(1);
    });

    it('refuses an id registered before', () => {
      expect(refusal(() => givenWhenThen(evidenceDecider, [registered], register))).toMatchObject({ code: LedgerErrorCodes.EVIDENCE_ALREADY_REGISTERED, kind: 'conflict' });
    });

    it.each([undefined, 'image/webp', 'text/plain'])('refuses media type %s (415)', (mediaType) => {
      expect(refusal(() => givenWhenThen(evidenceDecider, [], { ...register, mediaType }))).toMatchObject({
        code: LedgerErrorCodes.EVIDENCE_TYPE_UNSUPPORTED,
        kind: 'unsupported_media_type',
      });
    });

    it('refuses more than 10 MiB (413)', () => {
      expect(refusal(() => givenWhenThen(evidenceDecider, [], { ...register, size: MAX_EVIDENCE_BYTES + 1 }))).toMatchObject({
        code: LedgerErrorCodes.EVIDENCE_TOO_LARGE,
        kind: 'payload_too_large',
      });
    });

    it.each([0, -1, 1.5])('refuses size %s', (size) => {
      expect(refusal(() => givenWhenThen(evidenceDecider, [], { ...register, size }))).toMatchObject({ code: LedgerErrorCodes.EVIDENCE_INVALID, kind: 'validation' });
    });

    it('refuses a digest that is not a hex SHA-256', () => {
      const error = refusal(() => givenWhenThen(evidenceDecider, [], { ...register, sha256: 'ABC' }));
      expect(error).toMatchObject({ code: LedgerErrorCodes.EVIDENCE_INVALID, errors: [expect.objectContaining({ field: 'sha256' })] });
    });

    it('fills the storage quota to the last byte and refuses one byte more (413)', () => {
      expect(givenWhenThen(evidenceDecider, [], { ...register, storage: { usedBytes: QUOTA - 1234, quotaBytes: QUOTA } })).toHaveLength(1);
      expect(refusal(() => givenWhenThen(evidenceDecider, [], { ...register, storage: { usedBytes: QUOTA - 1233, quotaBytes: QUOTA } }))).toMatchObject({
        code: LedgerErrorCodes.EVIDENCE_QUOTA_EXCEEDED,
        kind: 'payload_too_large',
      });
    });
  });

  describe('ExpireEvidence', () => {
    const DAY = 86_400;
    const expire = (now: string): ExpireEvidence => ({ type: 'ExpireEvidence', evidenceId: 'e-1', maxAgeSeconds: DAY, now });
    const dayLater = '2025-03-02T08:00:00.000Z';
    const expired = (idleSince: string, at = dayLater): EvidenceEvent => ({
      type: 'EvidenceExpired',
      data: { evidenceId: 'e-1', ownerId: 'learner-1', size: 1234, idleSince, expiredAt: at },
    });
    const detachedAt = (at: string): EvidenceEvent => ({ type: 'EvidenceDetached', data: { evidenceId: 'e-1', achievementId: 'a-1', detachedAt: at } });

    it('expires a file that backed no achievement for the whole maximum age, and not a millisecond sooner', () => {
      expect(givenWhenThen(evidenceDecider, [registered], expire('2025-03-02T07:59:59.999Z'))).toEqual([]);
      expect(givenWhenThen(evidenceDecider, [registered], expire(dayLater))).toEqual([expired(NOW)]);
    });

    it('keeps a file an achievement holds, however old', () => {
      expect(givenWhenThen(evidenceDecider, [registered, attachedTo('a-1')], expire('2026-03-01T08:00:00.000Z'))).toEqual([]);
    });

    it('counts from the last detach (an amendment or a withdrawal let it go)', () => {
      const given = [registered, attachedTo('a-1'), detachedAt('2025-03-01T20:00:00.000Z')];
      expect(givenWhenThen(evidenceDecider, given, expire(dayLater))).toEqual([]);
      expect(givenWhenThen(evidenceDecider, given, expire('2025-03-02T20:00:00.000Z'))).toEqual([expired('2025-03-01T20:00:00.000Z', '2025-03-02T20:00:00.000Z')]);
    });

    it('does nothing for a file expired before (a replayed sweep) or never registered', () => {
      expect(givenWhenThen(evidenceDecider, [registered, expired(NOW)], expire('2025-03-03T08:00:00.000Z'))).toEqual([]);
      expect(givenWhenThen(evidenceDecider, [], expire(dayLater))).toEqual([]);
    });

    it('leaves an expired file unknown to attach and taken for register', () => {
      expect(refusal(() => givenWhenThen(evidenceDecider, [registered, expired(NOW)], attach('a-1')))).toMatchObject({ code: LedgerErrorCodes.EVIDENCE_UNKNOWN });
      expect(refusal(() => givenWhenThen(evidenceDecider, [registered, expired(NOW)], register))).toMatchObject({ code: LedgerErrorCodes.EVIDENCE_ALREADY_REGISTERED });
    });
  });

  describe('AttachEvidence', () => {
    it('attaches free evidence to the owner’s achievement', () => {
      expect(givenWhenThen(evidenceDecider, [registered], attach('a-1'))).toEqual([attachedTo('a-1')]);
    });

    it('is idempotent for the achievement that holds it', () => {
      expect(givenWhenThen(evidenceDecider, [registered, attachedTo('a-1')], attach('a-1'))).toEqual([]);
    });

    it('reattaches after a detach', () => {
      const detached: EvidenceEvent = { type: 'EvidenceDetached', data: { evidenceId: 'e-1', achievementId: 'a-1', detachedAt: NOW } };
      expect(givenWhenThen(evidenceDecider, [registered, attachedTo('a-1'), detached], attach('a-2'))).toEqual([attachedTo('a-2')]);
    });

    it('refuses unknown evidence as EVIDENCE_UNKNOWN (400)', () => {
      expect(refusal(() => givenWhenThen(evidenceDecider, [], attach('a-1')))).toMatchObject({
        code: LedgerErrorCodes.EVIDENCE_UNKNOWN,
        kind: 'validation',
        errors: [expect.objectContaining({ field: 'evidenceId' })],
      });
    });

    it('refuses someone else’s evidence with the very same answer', () => {
      const unknown = refusal(() => givenWhenThen(evidenceDecider, [], attach('a-1')));
      const foreign = refusal(() => givenWhenThen(evidenceDecider, [registered], attach('a-1', { ownerId: 'learner-2' })));
      expect(foreign.toPayload()).toEqual(unknown.toPayload());
    });

    it('refuses evidence that backs another achievement (409)', () => {
      expect(refusal(() => givenWhenThen(evidenceDecider, [registered, attachedTo('a-1')], attach('a-2')))).toMatchObject({
        code: LedgerErrorCodes.EVIDENCE_IN_USE,
        kind: 'conflict',
      });
    });

    it('still refuses when the holder uses it, or when the holder report is about another achievement', () => {
      const given = [registered, attachedTo('a-1')];
      expect(() => givenWhenThen(evidenceDecider, given, attach('a-2', { holder: { achievementId: 'a-1', status: 'uses-it' } }))).toThrow(DomainError);
      expect(() => givenWhenThen(evidenceDecider, given, attach('a-2', { holder: { achievementId: 'a-9', status: 'withdrawn' } }))).toThrow(DomainError);
    });

    it.each(['withdrawn', 'uses-other'] as const)('releases a stale claim whose holder is %s', (status) => {
      expect(givenWhenThen(evidenceDecider, [registered, attachedTo('a-1')], attach('a-2', { holder: { achievementId: 'a-1', status } }))).toEqual([
        { type: 'EvidenceDetached', data: { evidenceId: 'e-1', achievementId: 'a-1', detachedAt: NOW } },
        attachedTo('a-2'),
      ]);
    });

    it('releases a claim of an achievement that never got stored only after the grace period', () => {
      const claimedAt = '2025-03-01T07:59:30.000Z';
      const holder = { achievementId: 'a-1', status: 'absent' as const };
      expect(() => givenWhenThen(evidenceDecider, [registered, attachedTo('a-1', claimedAt)], attach('a-2', { holder }))).toThrow(DomainError);
      const later = '2025-03-01T08:01:00.000Z';
      expect(givenWhenThen(evidenceDecider, [registered, attachedTo('a-1', claimedAt)], attach('a-2', { holder, now: later }))).toHaveLength(2);
    });
  });

  describe('DetachEvidence', () => {
    const detach = (achievementId: string) => ({ type: 'DetachEvidence' as const, evidenceId: 'e-1', achievementId, now: NOW });

    it('releases evidence held by the achievement', () => {
      expect(givenWhenThen(evidenceDecider, [registered, attachedTo('a-1')], detach('a-1'))).toEqual([
        { type: 'EvidenceDetached', data: { evidenceId: 'e-1', achievementId: 'a-1', detachedAt: NOW } },
      ]);
    });

    it('does nothing when another achievement, or none, holds it', () => {
      expect(givenWhenThen(evidenceDecider, [registered, attachedTo('a-1')], detach('a-2'))).toEqual([]);
      expect(givenWhenThen(evidenceDecider, [registered], detach('a-1'))).toEqual([]);
      expect(givenWhenThen(evidenceDecider, [], detach('a-1'))).toEqual([]);
    });
  });
});
