import { DomainError, fold, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { LedgerErrorCodes, LedgerFieldCodes } from '../ledger-errors';
import { AchievementDetails } from './achievement-details';
import { AchievementCommand, achievementDecider, achievementTransitions, Reviewer, reviewableAchievement } from './achievement.decider';
import { AchievementEvent } from './achievement.events';

/** 认定: claim, recognise, reject, return for correction, and the learner's amend-and-resubmit. */

const NOW = '2025-03-01T08:00:00.000Z';
const T1 = '2025-03-02T09:00:00.000Z';
const T2 = '2025-03-03T10:00:00.000Z';
const T3 = '2025-03-04T11:00:00.000Z';
const OWNER = 'learner-1';
const INSTITUTION = '教育部考试中心';
const INSTITUTION_ID = 'inst-moe-exam-centre';
const VOLUNTEERS_ID = 'inst-volunteers';
const ALICE: Reviewer = { reviewerId: 'reviewer-a', institutionId: INSTITUTION_ID, institutionName: INSTITUTION };
const BOB: Reviewer = { reviewerId: 'reviewer-b', institutionId: INSTITUTION_ID, institutionName: INSTITUTION };
const STRANGER: Reviewer = { reviewerId: 'reviewer-x', institutionId: VOLUNTEERS_ID, institutionName: '广州市志愿者协会' };
/** Registered under the very same name, linked to another directory institution. */
const IMPOSTOR: Reviewer = { reviewerId: 'reviewer-i', institutionId: 'inst-impostor', institutionName: INSTITUTION };

const catalogDetails: AchievementDetails = {
  category: 'vocational-qualification',
  categoryName: '职业资格证书成果',
  source: 'catalog',
  catalogItemId: 'item-1',
  catalogItem: {
    projectName: '全国计算机等级考试',
    achievementName: '全国计算机等级考试二级及以上证书',
    institutionId: INSTITUTION_ID,
    institutionName: INSTITUTION,
    type: 'national-exam-certificate',
    typeName: '国家及省级统一考试证书',
    frameworkLevel: 3,
    credits: 4,
  },
  custom: null,
  certificateNumber: 'NCRE-2024-0001',
  issueDate: '2024-06-30',
  certificateLevel: '2',
  occupation: '计算机程序设计员',
  educationLevel: '61',
  evidenceId: 'e-1',
  description: null,
};

const customDetails: AchievementDetails = {
  ...catalogDetails,
  category: 'training-performance',
  categoryName: '培训成果及业绩类成果',
  source: 'custom',
  catalogItemId: null,
  catalogItem: null,
  custom: { name: '社区志愿服务培训', institutionId: VOLUNTEERS_ID, institutionName: '广州市志愿者协会', type: 'training-certificate', typeName: '培训证书' },
};

const stored: AchievementEvent = { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: OWNER, ...catalogDetails, storedAt: NOW } };
const storedCustom: AchievementEvent = { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: OWNER, ...customDetails, storedAt: NOW } };
const submitted: AchievementEvent = { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: T1, responsibleInstitution: INSTITUTION, responsibleInstitutionId: INSTITUTION_ID, routing: 'institution' } };
const submittedCustom: AchievementEvent = { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: T1, responsibleInstitution: '广州市志愿者协会', responsibleInstitutionId: VOLUNTEERS_ID, routing: 'institution' } };
const claimedBy = (r: Reviewer, at = T2): AchievementEvent => ({ type: 'RecognitionClaimed', data: { achievementId: 'a-1', reviewerId: r.reviewerId, institutionId: r.institutionId, institutionName: r.institutionName, claimedAt: at } });
const recognisedBy = (r: Reviewer, extra: Partial<{ frameworkLevel: number; category: string; type: string; credits: number; comment: string }> = {}): AchievementEvent => ({
  type: 'AchievementRecognised',
  data: {
    achievementId: 'a-1',
    ownerId: OWNER,
    reviewerId: r.reviewerId,
    institutionId: r.institutionId,
    institutionName: r.institutionName,
    frameworkLevel: 3,
    category: 'vocational-qualification',
    type: 'national-exam-certificate',
    credits: 4,
    ...extra,
    recognisedAt: T3,
  },
});
const rejectedBy = (r: Reviewer): AchievementEvent => ({ type: 'RecognitionRejected', data: { achievementId: 'a-1', reviewerId: r.reviewerId, institutionId: r.institutionId, institutionName: r.institutionName, reason: '证书编号无法核验', rejectedAt: T3 } });
const returnedBy = (r: Reviewer): AchievementEvent => ({ type: 'AchievementReturned', data: { achievementId: 'a-1', reviewerId: r.reviewerId, institutionId: r.institutionId, institutionName: r.institutionName, reason: '扫描件不清晰', returnedAt: T3 } });

const claim = (reviewer: Reviewer = ALICE): AchievementCommand => ({ type: 'ClaimRecognition', achievementId: 'a-1', reviewer, now: T2 });
const recognise = (reviewer: Reviewer = ALICE, extra: Partial<Extract<AchievementCommand, { type: 'RecogniseAchievement' }>> = {}): AchievementCommand => ({
  type: 'RecogniseAchievement',
  achievementId: 'a-1',
  reviewer,
  now: T3,
  ...extra,
});
const reject = (reviewer: Reviewer = ALICE, reason = '证书编号无法核验'): AchievementCommand => ({ type: 'RejectRecognition', achievementId: 'a-1', reviewer, reason, now: T3 });
const giveBack = (reviewer: Reviewer = ALICE, reason = '扫描件不清晰'): AchievementCommand => ({ type: 'ReturnAchievement', achievementId: 'a-1', reviewer, reason, now: T3 });

function refusal(given: AchievementEvent[], command: AchievementCommand): DomainError {
  try {
    givenWhenThen(achievementDecider, given, command);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const NOT_FOUND = { code: LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND, kind: 'not_found' };
const DECIDED = { code: LedgerErrorCodes.RECOGNITION_ALREADY_DECIDED, kind: 'conflict' };
const CLAIMED = { code: LedgerErrorCodes.RECOGNITION_CLAIMED_BY_ANOTHER, kind: 'conflict' };
const NOT_PENDING = { code: LedgerErrorCodes.RECOGNITION_NOT_PENDING, kind: 'conflict' };
const SUBMITTED = { code: LedgerErrorCodes.ACHIEVEMENT_ALREADY_SUBMITTED, kind: 'conflict' };

/** Every command a reviewer can give, for the refusals they share. */
const reviewerCommands: Array<[string, (r: Reviewer) => AchievementCommand]> = [
  ['ClaimRecognition', (r) => claim(r)],
  ['RecogniseAchievement', (r) => recognise(r)],
  ['RejectRecognition', (r) => reject(r)],
  ['ReturnAchievement', (r) => giveBack(r)],
];

/** Replays events the way an auditor does, failing on the first transition the rules do not allow. */
function auditedFold(events: AchievementEvent[]) {
  let state = achievementDecider.initialState;
  for (const event of events) {
    const error = transitionError(achievementTransitions, state, event);
    if (error) throw new Error(error);
    state = achievementDecider.evolve(state, event);
  }
  return state;
}

describe('achievement decider: recognition (认定)', () => {
  describe('ClaimRecognition', () => {
    it('lets a reviewer of the responsible institution take a submitted request', () => {
      expect(givenWhenThen(achievementDecider, [stored, submitted], claim())).toEqual([claimedBy(ALICE)]);
      expect(fold(achievementDecider, [stored, submitted, claimedBy(ALICE)])).toMatchObject({
        status: 'under-review',
        revision: 2,
        claim: { reviewerId: 'reviewer-a', institutionName: INSTITUTION, claimedAt: T2 },
      });
    });

    it('records nothing when the same reviewer claims again', () => {
      expect(givenWhenThen(achievementDecider, [stored, submitted, claimedBy(ALICE)], claim())).toEqual([]);
    });

    it('refuses a colleague once it is claimed (409), naming who holds it', () => {
      expect(refusal([stored, submitted, claimedBy(ALICE)], claim(BOB))).toMatchObject({ ...CLAIMED, details: { claimedBy: 'reviewer-a', claimedAt: T2 } });
    });
  });

  describe.each(reviewerCommands)('%s refusals', (_name, command) => {
    it('answers "not found" for unknown, never submitted and withdrawn achievements', () => {
      const withdrawn: AchievementEvent = { type: 'AchievementWithdrawn', data: { achievementId: 'a-1', evidenceId: 'e-1', withdrawnAt: T1 } };
      for (const given of [[], [stored], [stored, withdrawn]]) expect(refusal(given, command(ALICE))).toMatchObject(NOT_FOUND);
    });

    it('answers another institution’s reviewer exactly as an unknown id', () => {
      const foreign = refusal([stored, submitted], command(STRANGER));
      expect(foreign).toMatchObject(NOT_FOUND);
      expect(foreign.toPayload()).toEqual(refusal([], command(STRANGER)).toPayload());
    });

    it('answers a reviewer of another institution with the same name exactly as an unknown id: authority follows the id', () => {
      const impostor = refusal([stored, submitted], command(IMPOSTOR));
      expect(impostor).toMatchObject(NOT_FOUND);
      expect(impostor.toPayload()).toEqual(refusal([], command(IMPOSTOR)).toPayload());
    });

    it('refuses once decided (409): one decision stands', () => {
      expect(refusal([stored, submitted, claimedBy(ALICE), recognisedBy(ALICE)], command(ALICE))).toMatchObject({ ...DECIDED, details: { status: 'recognised' } });
      expect(refusal([stored, submitted, claimedBy(ALICE), rejectedBy(ALICE)], command(BOB))).toMatchObject({ ...DECIDED, details: { status: 'rejected' } });
    });

    it('refuses while it is back with the learner (409)', () => {
      expect(refusal([stored, submitted, claimedBy(ALICE), returnedBy(ALICE)], command(ALICE))).toMatchObject(NOT_PENDING);
    });
  });

  describe('RecogniseAchievement', () => {
    it('takes level, category, type and credits from the catalogue snapshot by default', () => {
      expect(givenWhenThen(achievementDecider, [stored, submitted, claimedBy(ALICE)], recognise())).toEqual([recognisedBy(ALICE)]);
    });

    it('records what the reviewer fixed instead, with a comment', () => {
      const command = recognise(ALICE, { frameworkLevel: 4, credits: 2.5, category: 'training-performance', achievementType: 'training-certificate', comment: '按培训证书认定' });
      expect(givenWhenThen(achievementDecider, [stored, submitted, claimedBy(ALICE)], command)).toEqual([
        recognisedBy(ALICE, { frameworkLevel: 4, credits: 2.5, category: 'training-performance', type: 'training-certificate', comment: '按培训证书认定' }),
      ]);
    });

    it('claims an unclaimed request in the same decision, so the record names who took it', () => {
      const events = givenWhenThen(achievementDecider, [stored, submitted], recognise(BOB));
      expect(events).toEqual([claimedBy(BOB, T3), recognisedBy(BOB)]);
      expect(auditedFold([stored, submitted, ...events])).toMatchObject({
        status: 'recognised',
        claim: { reviewerId: 'reviewer-b' },
        recognition: { reviewerId: 'reviewer-b', institutionName: INSTITUTION, frameworkLevel: 3, credits: 4, recognisedAt: T3 },
      });
    });

    it('refuses a colleague’s claimed request (409)', () => {
      expect(refusal([stored, submitted, claimedBy(ALICE)], recognise(BOB))).toMatchObject(CLAIMED);
    });

    it('needs level and credits for a hand-entered achievement (no catalogue default); category and type come from the achievement', () => {
      const given = [storedCustom, submittedCustom];
      const reviewer = STRANGER; // the custom achievement names 广州市志愿者协会
      expect(refusal(given, recognise(reviewer))).toMatchObject({
        code: LedgerErrorCodes.RECOGNITION_INVALID,
        kind: 'validation',
        errors: [
          { field: 'frameworkLevel', code: LedgerFieldCodes.REQUIRED },
          { field: 'credits', code: LedgerFieldCodes.REQUIRED },
        ],
      });
      const [, event] = givenWhenThen(achievementDecider, given, recognise(reviewer, { frameworkLevel: 2, credits: 1 }));
      expect(event).toMatchObject({ type: 'AchievementRecognised', data: { category: 'training-performance', type: 'training-certificate', frameworkLevel: 2, credits: 1 } });
    });

    it.each([
      [{ frameworkLevel: 0 }, 'frameworkLevel'],
      [{ frameworkLevel: 8 }, 'frameworkLevel'],
      [{ frameworkLevel: 2.5 }, 'frameworkLevel'],
      [{ credits: 0 }, 'credits'],
      [{ credits: -1 }, 'credits'],
      [{ credits: 1001 }, 'credits'],
      [{ credits: Number.NaN }, 'credits'],
    ])('refuses %j out of range', (extra, field) => {
      expect(refusal([stored, submitted, claimedBy(ALICE)], recognise(ALICE, extra))).toMatchObject({
        code: LedgerErrorCodes.RECOGNITION_INVALID,
        errors: [{ field, code: LedgerFieldCodes.OUT_OF_RANGE }],
      });
    });

    it('refuses an empty category or type and an over-long comment', () => {
      const error = refusal([stored, submitted, claimedBy(ALICE)], recognise(ALICE, { category: ' ', achievementType: '', comment: '长'.repeat(501) }));
      expect(error.errors?.map((e) => e.field)).toEqual(['category', 'type', 'comment']);
    });
  });

  describe.each([
    ['RejectRecognition', reject, rejectedBy, 'rejected'],
    ['ReturnAchievement', giveBack, returnedBy, 'returned'],
  ] as const)('%s', (_name, command, event, status) => {
    it('records the reason', () => {
      expect(givenWhenThen(achievementDecider, [stored, submitted, claimedBy(ALICE)], command(ALICE, undefined))).toEqual([event(ALICE)]);
      expect(fold(achievementDecider, [stored, submitted, claimedBy(ALICE), event(ALICE)])).toMatchObject({ status, revision: 3 });
    });

    it('trims the reason and claims an unclaimed request in the same decision', () => {
      const events = givenWhenThen(achievementDecider, [stored, submitted], command(ALICE, '  扫描件不清晰  '));
      expect(events.map((e) => e.type)).toEqual(['RecognitionClaimed', event(ALICE).type]);
      expect((events[1].data as { reason: string }).reason).toBe('扫描件不清晰');
    });

    it('requires a reason of at most 500 characters', () => {
      expect(refusal([stored, submitted, claimedBy(ALICE)], command(ALICE, '  '))).toMatchObject({
        code: LedgerErrorCodes.RECOGNITION_INVALID,
        errors: [{ field: 'reason', code: LedgerFieldCodes.REQUIRED }],
      });
      expect(refusal([stored, submitted, claimedBy(ALICE)], command(ALICE, '因'.repeat(501)))).toMatchObject({
        errors: [{ field: 'reason', code: LedgerFieldCodes.TOO_LONG }],
      });
    });

    it('refuses a colleague’s claimed request (409)', () => {
      expect(refusal([stored, submitted, claimedBy(ALICE)], command(BOB, undefined))).toMatchObject(CLAIMED);
    });
  });

  describe('after a return (退回修改)', () => {
    const returned = [stored, submitted, claimedBy(ALICE), returnedBy(ALICE)];
    const amend = (expectedRevision: number): AchievementCommand => ({
      type: 'AmendAchievement',
      achievementId: 'a-1',
      ownerId: OWNER,
      expectedRevision,
      changes: { certificateNumber: 'NCRE-2024-0002' },
      now: T3,
    });
    const resubmit: AchievementCommand = { type: 'RequestRecognition', achievementId: 'a-1', ownerId: OWNER, institutionHasReviewer: true, now: T3 };

    it('lets the learner amend and submit again; the reviewer sees a fresh, unclaimed request', () => {
      const [amended] = givenWhenThen(achievementDecider, returned, amend(3));
      expect(amended).toMatchObject({ type: 'AchievementAmended', data: { changes: { certificateNumber: 'NCRE-2024-0002' } } });
      const [again] = givenWhenThen(achievementDecider, [...returned, amended], resubmit);
      expect(again).toEqual({ type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: T3, responsibleInstitution: INSTITUTION, responsibleInstitutionId: INSTITUTION_ID, routing: 'institution' } });
      const state = auditedFold([...returned, amended, again]);
      expect(state).toMatchObject({ status: 'submitted', revision: 5, details: { certificateNumber: 'NCRE-2024-0002' } });
      expect(state).not.toHaveProperty('claim');
      expect(givenWhenThen(achievementDecider, [...returned, amended, again], claim(BOB))).toEqual([claimedBy(BOB)]);
    });

    it('lets the learner withdraw it', () => {
      expect(givenWhenThen(achievementDecider, returned, { type: 'WithdrawAchievement', achievementId: 'a-1', ownerId: OWNER, now: T3 })).toHaveLength(1);
    });

    it('still checks the revision of an amendment', () => {
      expect(refusal(returned, amend(1))).toMatchObject({ code: LedgerErrorCodes.REVISION_MISMATCH });
    });
  });

  describe('the learner meanwhile', () => {
    it.each([
      ['under review', [stored, submitted, claimedBy(ALICE)]],
      ['recognised', [stored, submitted, claimedBy(ALICE), recognisedBy(ALICE)]],
      ['rejected', [stored, submitted, claimedBy(ALICE), rejectedBy(ALICE)]],
    ])('may not amend, withdraw or resubmit it while %s (409)', (_label, given) => {
      const revision = given.length - 1;
      expect(refusal(given, { type: 'AmendAchievement', achievementId: 'a-1', ownerId: OWNER, expectedRevision: revision, changes: { certificateNumber: 'X' }, now: T3 })).toMatchObject(SUBMITTED);
      expect(refusal(given, { type: 'WithdrawAchievement', achievementId: 'a-1', ownerId: OWNER, now: T3 })).toMatchObject(SUBMITTED);
      expect(refusal(given, { type: 'RequestRecognition', achievementId: 'a-1', ownerId: OWNER, institutionHasReviewer: true, now: T3 })).toMatchObject(SUBMITTED);
    });

    it('is never a reviewer: the owner’s id does not open the review', () => {
      expect(refusal([stored, submitted], claim({ reviewerId: OWNER, institutionId: 'inst-other', institutionName: '其他机构' }))).toMatchObject(NOT_FOUND);
    });
  });

  describe('transition rules for audits', () => {
    it('accept every path the decider takes', () => {
      expect(() => auditedFold([stored, submitted, claimedBy(ALICE), recognisedBy(ALICE)])).not.toThrow();
      expect(() => auditedFold([stored, submitted, claimedBy(ALICE), rejectedBy(ALICE)])).not.toThrow();
      expect(() => auditedFold([stored, submitted, claimedBy(ALICE), returnedBy(ALICE), submitted, claimedBy(BOB), recognisedBy(BOB)])).not.toThrow();
    });

    it('refuse a decision nobody claimed, a second decision and a claim of a stored achievement', () => {
      expect(() => auditedFold([stored, submitted, recognisedBy(ALICE)])).toThrow(/cannot follow status 'submitted'/);
      expect(() => auditedFold([stored, submitted, claimedBy(ALICE), recognisedBy(ALICE), rejectedBy(BOB)])).toThrow(/cannot follow status 'recognised'/);
      expect(() => auditedFold([stored, claimedBy(ALICE)])).toThrow(/cannot follow status 'stored'/);
    });
  });

  it('reviewableAchievement shows the reviewer submitted requests of their institution only', () => {
    expect(reviewableAchievement(fold(achievementDecider, [stored, submitted]), INSTITUTION_ID)).toMatchObject({ status: 'submitted' });
    expect(() => reviewableAchievement(fold(achievementDecider, [stored, submitted]), 'inst-other')).toThrow(DomainError);
    expect(() => reviewableAchievement(fold(achievementDecider, [stored, submitted]), INSTITUTION)).toThrow(DomainError);
  });
});
