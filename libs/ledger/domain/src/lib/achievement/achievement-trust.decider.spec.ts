import { DomainError, fold, givenWhenThen, institutionIdForName, transitionError, upcastEvent } from '@credit-bank/kernel';
import { certificateDecider, CertificateEvent, certificateTransitions, otherLearnersHolding } from '../certificate/certificate.decider';
import { LedgerErrorCodes } from '../ledger-errors';
import { ledgerUpcasters } from '../ledger-event-schemas';
import { AchievementDetails, certificateKeyOf, normalizeCertificateNumber } from './achievement-details';
import { AchievementCommand, achievementDecider, achievementTransitions, Official, Reviewer } from './achievement.decider';
import { AchievementEvent } from './achievement.events';

/** Trust: routing by 管理中心, evidence views, revocation (撤销认定), duplicate certificates, and v1 events read as v2. */

const T0 = '2025-03-01T08:00:00.000Z';
const T1 = '2025-03-02T09:00:00.000Z';
const T2 = '2025-03-03T10:00:00.000Z';
const T3 = '2025-03-04T11:00:00.000Z';
const OWNER = 'learner-1';
const MOE = 'inst-moe';
const ALICE: Reviewer = { reviewerId: 'reviewer-a', institutionId: MOE, institutionName: '教育部考试中心' };
const ADMIN: Official = { accountId: 'admin-1', role: 'admin', institutionId: null };
const ALICE_OFFICIAL: Official = { accountId: ALICE.reviewerId, role: 'institution', institutionId: MOE };
const IMPOSTOR: Official = { accountId: 'reviewer-i', role: 'institution', institutionId: 'inst-impostor' };

const details: AchievementDetails = {
  category: 'training-performance',
  categoryName: '培训成果及业绩类成果',
  source: 'custom',
  catalogItemId: null,
  catalogItem: null,
  custom: { name: '社区志愿服务培训', institutionId: null, institutionName: '不在目录里的协会', type: 'training-certificate', typeName: '培训证书' },
  certificateNumber: 'VOL-2024-0001',
  issueDate: '2024-06-30',
  certificateLevel: null,
  occupation: null,
  educationLevel: null,
  evidenceId: 'e-1',
  description: null,
};

const stored: AchievementEvent = { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: OWNER, ...details, storedAt: T0 } };
const toAdmin: AchievementEvent = {
  type: 'RecognitionRequested',
  data: { achievementId: 'a-1', requestedAt: T1, responsibleInstitution: '不在目录里的协会', responsibleInstitutionId: null, routing: 'administrator' },
};
const routed: AchievementEvent = { type: 'RecognitionRouted', data: { achievementId: 'a-1', institutionId: MOE, institutionName: '教育部考试中心', routedBy: 'admin-1', routedAt: T2 } };
const recognisedEvents = (): AchievementEvent[] =>
  givenWhenThen(achievementDecider, [stored, toAdmin, routed], { type: 'RecogniseAchievement', achievementId: 'a-1', reviewer: ALICE, frameworkLevel: 2, credits: 3, now: T3 });

function refusal(given: AchievementEvent[], command: AchievementCommand): DomainError {
  try {
    givenWhenThen(achievementDecider, given, command);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function audited(events: AchievementEvent[]) {
  let state = achievementDecider.initialState;
  for (const event of events) {
    const broken = transitionError(achievementTransitions, state, event);
    if (broken) throw new Error(broken);
    state = achievementDecider.evolve(state, event);
  }
  return state;
}

describe('routing queue (管理中心)', () => {
  it('is invisible to reviewers until routed; routing makes it the institution’s request', () => {
    expect(refusal([stored, toAdmin], { type: 'ClaimRecognition', achievementId: 'a-1', reviewer: ALICE, now: T2 })).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND });
    const command: AchievementCommand = { type: 'RouteRecognition', achievementId: 'a-1', administratorId: 'admin-1', institutionId: MOE, institutionName: '教育部考试中心', now: T2 };
    expect(givenWhenThen(achievementDecider, [stored, toAdmin], command)).toEqual([routed]);
    expect(audited([stored, toAdmin, routed])).toMatchObject({ status: 'submitted', responsibleInstitutionId: MOE, responsibleInstitution: '教育部考试中心' });
    expect(givenWhenThen(achievementDecider, [stored, toAdmin, routed], { type: 'ClaimRecognition', achievementId: 'a-1', reviewer: ALICE, now: T3 })).toHaveLength(1);
  });

  it('returns it to the learner with a reason, who may amend and submit again', () => {
    const [declined] = givenWhenThen(achievementDecider, [stored, toAdmin], { type: 'DeclineRouting', achievementId: 'a-1', administratorId: 'admin-1', reason: ' 请从目录选择机构 ', now: T2 });
    expect(declined).toEqual({ type: 'RecognitionRoutingDeclined', data: { achievementId: 'a-1', reason: '请从目录选择机构', declinedBy: 'admin-1', declinedAt: T2 } });
    expect(audited([stored, toAdmin, declined])).toMatchObject({ status: 'returned', returned: { reason: '请从目录选择机构', institutionName: '管理中心', institutionId: null } });
    const amend: AchievementCommand = { type: 'AmendAchievement', achievementId: 'a-1', ownerId: OWNER, expectedRevision: 2, changes: { certificateNumber: 'VOL-2' }, now: T3 };
    expect(givenWhenThen(achievementDecider, [stored, toAdmin, declined], amend)).toHaveLength(1);
  });

  it('refuses routing what is not in the queue (409), and a return without a reason (400)', () => {
    const route: AchievementCommand = { type: 'RouteRecognition', achievementId: 'a-1', administratorId: 'admin-1', institutionId: MOE, institutionName: 'x', now: T2 };
    expect(refusal([stored], route)).toMatchObject({ code: LedgerErrorCodes.NOT_AWAITING_ROUTING, kind: 'conflict' });
    const claimed: AchievementEvent = { type: 'RecognitionClaimed', data: { achievementId: 'a-1', reviewerId: ALICE.reviewerId, institutionId: MOE, institutionName: ALICE.institutionName, claimedAt: T2 } };
    expect(refusal([stored, toAdmin, routed, claimed], route)).toMatchObject({ code: LedgerErrorCodes.NOT_AWAITING_ROUTING });
    // An unclaimed request may be sent elsewhere (its institution may have no reviewer).
    expect(givenWhenThen(achievementDecider, [stored, toAdmin, routed], route)).toHaveLength(1);
    expect(refusal([], route)).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND });
    expect(refusal([stored, toAdmin], { type: 'DeclineRouting', achievementId: 'a-1', administratorId: 'admin-1', reason: ' ', now: T2 })).toMatchObject({ code: LedgerErrorCodes.RECOGNITION_INVALID });
  });
});

describe('evidence views', () => {
  const view = (viewer: Official, evidenceId = 'e-1'): AchievementCommand => ({ type: 'RecordEvidenceView', achievementId: 'a-1', evidenceId, viewer, now: T3 });

  it('records a view by the responsible institution’s reviewer and by the administrator', () => {
    expect(givenWhenThen(achievementDecider, [stored, toAdmin, routed], view(ALICE_OFFICIAL))).toEqual([
      { type: 'EvidenceViewed', data: { achievementId: 'a-1', evidenceId: 'e-1', viewerId: 'reviewer-a', viewerRole: 'institution', institutionId: MOE, viewedAt: T3 } },
    ]);
    const [byAdmin] = givenWhenThen(achievementDecider, [stored, toAdmin], view(ADMIN));
    expect(byAdmin).toMatchObject({ data: { viewerRole: 'admin', institutionId: null } });
    expect(audited([stored, toAdmin, byAdmin])).toMatchObject({ status: 'awaiting-routing', revision: 2 });
  });

  it('refuses another institution (whatever its name), a request not submitted, and another file as not found', () => {
    expect(refusal([stored, toAdmin, routed], view(IMPOSTOR))).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND });
    expect(refusal([stored, toAdmin], view(ALICE_OFFICIAL))).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND });
    expect(refusal([stored], view(ADMIN))).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND });
    expect(refusal([stored, toAdmin, routed], view(ALICE_OFFICIAL, 'e-other'))).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND });
  });

  it('keeps recording after the decision', () => {
    expect(givenWhenThen(achievementDecider, [stored, toAdmin, routed, ...recognisedEvents()], view(ALICE_OFFICIAL))).toHaveLength(1);
  });
});

describe('revocation (撤销认定)', () => {
  const revoke = (revoker: Official, reason = '证书系伪造'): AchievementCommand => ({ type: 'RevokeRecognition', achievementId: 'a-1', revoker, reason, now: '2025-04-01T00:00:00.000Z' });
  const recognised = () => [stored, toAdmin, routed, ...recognisedEvents()];

  it('by the recognising institution: the credits it removes are named, the state is final', () => {
    const [revoked] = givenWhenThen(achievementDecider, recognised(), revoke(ALICE_OFFICIAL));
    expect(revoked).toEqual({
      type: 'RecognitionRevoked',
      data: { achievementId: 'a-1', ownerId: OWNER, revokedBy: 'reviewer-a', revokerRole: 'institution', institutionId: MOE, reason: '证书系伪造', credits: 3, revokedAt: '2025-04-01T00:00:00.000Z' },
    });
    expect(audited([...recognised(), revoked])).toMatchObject({ status: 'revoked', revocation: { reason: '证书系伪造' } });
    expect(refusal([...recognised(), revoked], revoke(ADMIN))).toMatchObject({ code: LedgerErrorCodes.RECOGNITION_ALREADY_REVOKED, kind: 'conflict' });
    expect(refusal([...recognised(), revoked], { type: 'RecogniseAchievement', achievementId: 'a-1', reviewer: ALICE, now: T3 })).toMatchObject({ code: LedgerErrorCodes.RECOGNITION_ALREADY_DECIDED });
  });

  it('by the administrator; never by another institution (not found), never before recognition (409), never without a reason', () => {
    expect(givenWhenThen(achievementDecider, recognised(), revoke(ADMIN))[0]).toMatchObject({ data: { revokerRole: 'admin', institutionId: null } });
    expect(refusal(recognised(), revoke(IMPOSTOR))).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND });
    expect(refusal([stored, toAdmin, routed], revoke(ALICE_OFFICIAL))).toMatchObject({ code: LedgerErrorCodes.RECOGNITION_NOT_RECOGNISED });
    expect(refusal(recognised(), revoke(ALICE_OFFICIAL, ''))).toMatchObject({ code: LedgerErrorCodes.RECOGNITION_INVALID });
  });
});

describe('one certificate, one credit', () => {
  it('normalises certificate numbers and keys hand-entered and catalogue paths alike', () => {
    expect(normalizeCertificateNumber(' ncre-2024 0001 ')).toBe('NCRE20240001');
    expect(normalizeCertificateNumber('ＮＣＲＥ－２０２４０００１')).toBe('NCRE20240001');
    const catalog: AchievementDetails = {
      ...details,
      source: 'catalog',
      catalogItemId: 'item-1',
      custom: null,
      catalogItem: { projectName: 'p', achievementName: 'a', institutionId: institutionIdForName('不在目录里的协会'), institutionName: '不在目录里的协会', type: 't', typeName: 'T', frameworkLevel: 2, credits: 3 },
      certificateNumber: 'vol 2024-0001',
    };
    expect(certificateKeyOf(catalog)).toBe(certificateKeyOf(details));
    expect(certificateKeyOf({ ...details, certificateNumber: 'VOL-2024-0002' })).not.toBe(certificateKeyOf(details));
  });

  const claim = (achievementId: string, ownerId: string, ownHolders: Record<string, 'uses-it' | 'uses-other' | 'withdrawn' | 'absent'> = {}, now = T1) =>
    ({ type: 'ClaimCertificate', keyHash: 'k', achievementId, ownerId, ownHolders, now }) as const;
  const claimed = (achievementId: string, ownerId: string, claimedAt = T0): CertificateEvent => ({ type: 'CertificateClaimed', data: { keyHash: 'k', achievementId, ownerId, claimedAt } });

  it('refuses the same learner twice (409) and lets another learner hold it as a possible duplicate', () => {
    expect(() => givenWhenThen(certificateDecider, [claimed('a-1', OWNER)], claim('a-2', OWNER, { 'a-1': 'uses-it' }))).toThrow(
      expect.objectContaining({ code: LedgerErrorCodes.CERTIFICATE_ALREADY_STORED, details: { achievementId: 'a-1' } }),
    );
    const [other] = givenWhenThen(certificateDecider, [claimed('a-1', OWNER)], claim('b-1', 'learner-2'));
    expect(other).toEqual(claimed('b-1', 'learner-2', T1));
    expect(otherLearnersHolding(fold(certificateDecider, [claimed('a-1', OWNER), other]), OWNER)).toEqual(['b-1']);
    expect(otherLearnersHolding(fold(certificateDecider, [claimed('a-1', OWNER), other]), 'learner-2')).toEqual(['a-1']);
  });

  it('takes over a claim left by a withdrawn achievement or by one never stored past the grace period, not one in flight', () => {
    expect(givenWhenThen(certificateDecider, [claimed('a-1', OWNER)], claim('a-2', OWNER, { 'a-1': 'withdrawn' }))[0]).toMatchObject({ type: 'CertificateReleased', data: { achievementId: 'a-1' } });
    expect(() => givenWhenThen(certificateDecider, [claimed('a-1', OWNER, T1)], claim('a-2', OWNER, { 'a-1': 'absent' }, T1))).toThrow(DomainError);
    expect(givenWhenThen(certificateDecider, [claimed('a-1', OWNER, T0)], claim('a-2', OWNER, { 'a-1': 'absent' }, T3))).toHaveLength(2);
    expect(givenWhenThen(certificateDecider, [claimed('a-1', OWNER)], claim('a-1', OWNER))).toEqual([]);
  });

  it('releases on withdrawal; its transitions are checked by audits', () => {
    const released = givenWhenThen(certificateDecider, [claimed('a-1', OWNER)], { type: 'ReleaseCertificate', keyHash: 'k', achievementId: 'a-1', now: T2 });
    expect(fold(certificateDecider, [claimed('a-1', OWNER), ...released])).toEqual({ status: 'unclaimed', holders: {} });
    expect(transitionError(certificateTransitions, certificateDecider.initialState, released[0])).toMatch(/cannot follow/);
  });

  it('asks for a reason to recognise a possible duplicate, and records it', () => {
    const submitted = [stored, toAdmin, routed];
    const recognise = (extra: object = {}): AchievementCommand => ({ type: 'RecogniseAchievement', achievementId: 'a-1', reviewer: ALICE, frameworkLevel: 2, credits: 3, possibleDuplicates: ['b-1'], now: T3, ...extra });
    expect(refusal(submitted, recognise())).toMatchObject({ code: LedgerErrorCodes.POSSIBLE_DUPLICATE, kind: 'conflict', details: { possibleDuplicates: ['b-1'] } });
    const events = givenWhenThen(achievementDecider, submitted, recognise({ duplicateReason: '已电话核实，两人为同一证书的不同持有记录' }));
    expect(events[events.length - 1]).toMatchObject({ type: 'AchievementRecognised', data: { duplicateOverride: { possibleDuplicates: ['b-1'], reason: '已电话核实，两人为同一证书的不同持有记录' } } });
  });
});

describe('schema history: version-1 events read as version 2', () => {
  const v1 = (type: string, data: object) => ({ type, data, metadata: { schemaVersion: 1 } as never });

  it('gives institutions named by v1 events the id the directory lists that name under', () => {
    const requested = upcastEvent(ledgerUpcasters, v1('RecognitionRequested', { achievementId: 'a', requestedAt: T1, responsibleInstitution: '教育部考试中心' }));
    expect(requested.data).toEqual({ achievementId: 'a', requestedAt: T1, responsibleInstitution: '教育部考试中心', responsibleInstitutionId: institutionIdForName('教育部考试中心'), routing: 'institution' });
    expect(requested.metadata).toMatchObject({ schemaVersion: 2, storedSchemaVersion: 1 });
    const recognised = upcastEvent(ledgerUpcasters, v1('AchievementRecognised', { achievementId: 'a', reviewerId: 'r', institutionName: '教育部考试中心' }));
    expect(recognised.data).toMatchObject({ institutionId: institutionIdForName('教育部考试中心') });
    const storedV1 = upcastEvent(ledgerUpcasters, v1('AchievementStored', { catalogItem: { institutionName: '教育部考试中心' }, custom: null }));
    expect(storedV1.data).toMatchObject({ catalogItem: { institutionId: institutionIdForName('教育部考试中心') }, custom: null });
    const customV1 = upcastEvent(ledgerUpcasters, v1('AchievementStored', { catalogItem: null, custom: { name: 'n', institutionName: '某协会' } }));
    expect(customV1.data).toMatchObject({ custom: { institutionId: null } });
    const applied = upcastEvent(ledgerUpcasters, v1('ConversionApplied', { target: { awardingInstitution: '广东开放大学', credits: 3 } }));
    expect(applied.data).toMatchObject({ target: { awardingInstitutionId: institutionIdForName('广东开放大学') } });
  });

  it('leaves version-2 events as they are, and an event without a schemaVersion counts as version 1', () => {
    const current = { type: 'RecognitionRequested', data: { responsibleInstitutionId: null, routing: 'administrator' }, metadata: { schemaVersion: 2 } as never };
    expect(upcastEvent(ledgerUpcasters, current)).toBe(current);
    expect(upcastEvent(ledgerUpcasters, { type: 'AchievementReturned', data: { institutionName: 'x' }, metadata: {} as never }).data).toMatchObject({ institutionId: institutionIdForName('x') });
  });
});
