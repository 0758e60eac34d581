import { DomainError, fold, givenWhenThen } from '@credit-bank/kernel';
import { AchievementDetails } from '../achievement/achievement-details';
import { AchievementFacts, achievementFactsOf, conversionKindOf } from './achievement-facts';
import { LearningAccountErrorCodes as Codes } from './learning-account-errors';
import {
  ApplyForConversion,
  ApproveConversion,
  ConversionRuleFacts,
  LearningAccountCommand,
  learningAccountDecider,
  learningAccountStreamId,
  learningAccountTransitions,
  RejectConversion,
} from './learning-account.decider';
import { LearningAccountEvent } from './learning-account.events';

const NOW = '2025-10-01T08:00:00.000Z';
const LATER = '2025-10-02T08:00:00.000Z';
const LEARNER = 'learner-1';
const UNIVERSITY = '广东开放大学';
const UNIVERSITY_ID = 'inst-gdou';

const details: AchievementDetails = {
  category: 'vocational-qualification',
  categoryName: '职业资格证书成果',
  source: 'catalog',
  catalogItemId: 'item-1',
  catalogItem: {
    projectName: '全国计算机等级考试',
    achievementName: '全国计算机等级考试二级及以上证书',
    institutionId: 'inst-moe',
    institutionName: '教育部考试中心',
    type: 'national-exam-certificate',
    typeName: '国家及省级统一考试证书',
    frameworkLevel: 3,
    credits: 4,
  },
  custom: null,
  certificateNumber: 'NCRE-1',
  issueDate: '2024-06-30',
  certificateLevel: null,
  occupation: null,
  educationLevel: null,
  evidenceId: 'e-1',
  description: null,
};

/** Facts of a recognised achievement as the handler reads them from its stream. */
function recognised(achievementId: string, extra: Partial<AchievementFacts> = {}): AchievementFacts {
  const facts = achievementFactsOf([
    { type: 'AchievementStored', data: { achievementId, ownerId: LEARNER, ...details, storedAt: NOW } },
    {
      type: 'AchievementRecognised',
      data: { achievementId, ownerId: LEARNER, reviewerId: 'r-1', institutionName: '教育部考试中心', frameworkLevel: 3, category: 'vocational-qualification', type: 'national-exam-certificate', credits: 4, recognisedAt: NOW },
    },
  ]) as AchievementFacts;
  return { ...facts, ...extra };
}

const rule = (extra: Partial<ConversionRuleFacts> = {}): ConversionRuleFacts => ({
  ruleId: 'rule-1',
  version: 2,
  status: 'active',
  kind: 'achievement',
  sources: { catalogItemIds: ['item-1'], category: 'vocational-qualification', minFrameworkLevel: 3 },
  target: { programme: '计算机应用技术（专科）', course: '计算机应用基础', awardingInstitutionId: UNIVERSITY_ID, awardingInstitution: UNIVERSITY, credits: 3 },
  limits: { maxCreditsPerTarget: 6, maxAchievements: 2 },
  effectiveFrom: '2025-09-01',
  ...extra,
});

const apply = (extra: Partial<ApplyForConversion> = {}): ApplyForConversion => {
  const achievementIds = extra.achievementIds ?? ['a-1'];
  return {
    type: 'ApplyForConversion',
    applicationId: 'app-1',
    learnerId: LEARNER,
    kind: 'achievement',
    rule: rule(),
    achievementIds,
    achievements: Object.fromEntries(achievementIds.map((id) => [id, recognised(id)])),
    now: LATER,
    ...extra,
  };
};

const applied = (applicationId = 'app-1', achievementIds = ['a-1'], target = rule().target): LearningAccountEvent => ({
  type: 'ConversionApplied',
  data: { applicationId, learnerId: LEARNER, kind: 'achievement', ruleId: 'rule-1', ruleVersion: 2, target, achievementIds, appliedAt: LATER },
});
const approved = (applicationId = 'app-1'): LearningAccountEvent => ({ type: 'ConversionApproved', data: { applicationId, decidedBy: 'inst-1', decidedAt: LATER } });
const rejected = (applicationId = 'app-1'): LearningAccountEvent => ({ type: 'ConversionRejected', data: { applicationId, decidedBy: 'inst-1', reason: '课程已取消', decidedAt: LATER } });

const approve = (extra: Partial<ApproveConversion> = {}): ApproveConversion => ({ type: 'ApproveConversion', applicationId: 'app-1', decidedBy: 'inst-1', institutionId: UNIVERSITY_ID, now: LATER, ...extra });
const reject = (extra: Partial<RejectConversion> = {}): RejectConversion => ({
  type: 'RejectConversion',
  applicationId: 'app-1',
  decidedBy: 'inst-1',
  institutionId: UNIVERSITY_ID,
  reason: '  课程已取消  ',
  now: LATER,
  ...extra,
});

function refusal(given: LearningAccountEvent[], when: LearningAccountCommand): DomainError {
  try {
    givenWhenThen(learningAccountDecider, given, when);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const expectRefused = (given: LearningAccountEvent[], when: LearningAccountCommand, code: string, kind: string) =>
  expect({ code: refusal(given, when).code, kind: refusal(given, when).kind }).toEqual({ code, kind });

describe('learning account (学习账户) decider', () => {
  it('names its stream after the learner', () => {
    expect(learningAccountStreamId(LEARNER)).toBe('ledger.learning-account-learner-1');
  });

  describe('ApplyForConversion (转换成果申请)', () => {
    it('records the application with the rule id and version, the target and the achievements', () => {
      expect(givenWhenThen(learningAccountDecider, [], apply({ achievementIds: ['a-1', 'a-2'] }))).toEqual([
        {
          type: 'ConversionApplied',
          data: {
            applicationId: 'app-1',
            learnerId: LEARNER,
            kind: 'achievement',
            ruleId: 'rule-1',
            ruleVersion: 2,
            target: rule().target,
            achievementIds: ['a-1', 'a-2'],
            appliedAt: LATER,
          },
        },
      ]);
    });

    it('holds the achievements while pending', () => {
      const state = fold(learningAccountDecider, [applied()]);
      expect(state).toMatchObject({ status: 'open', revision: 0, held: { 'a-1': 'app-1' }, spent: {} });
      expect(state.applications['app-1']).toMatchObject({ status: 'pending', ruleVersion: 2 });
    });

    it('refuses an empty list and a duplicate', () => {
      expectRefused([], apply({ achievementIds: [] }), Codes.CONVERSION_NO_ACHIEVEMENTS, 'validation');
      expectRefused([], apply({ achievementIds: ['a-1', 'a-1'] }), Codes.CONVERSION_DUPLICATE_ACHIEVEMENT, 'validation');
    });

    it('refuses an application id used before', () => {
      expectRefused([applied('app-1', ['a-9'])], apply(), Codes.CONVERSION_APPLICATION_EXISTS, 'conflict');
    });

    it('refuses an achievement that does not exist, is someone else’s or was deleted — the same answer', () => {
      expectRefused([], apply({ achievements: {} }), Codes.CONVERSION_ACHIEVEMENT_UNKNOWN, 'validation');
      expectRefused([], apply({ achievements: { 'a-1': recognised('a-1', { ownerId: 'learner-2' }) } }), Codes.CONVERSION_ACHIEVEMENT_UNKNOWN, 'validation');
      expectRefused([], apply({ achievements: { 'a-1': recognised('a-1', { withdrawn: true }) } }), Codes.CONVERSION_ACHIEVEMENT_UNKNOWN, 'validation');
    });

    it('refuses an achievement not recognised', () => {
      const submittedOnly = achievementFactsOf([
        { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: LEARNER, ...details, storedAt: NOW } },
        { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: NOW, responsibleInstitution: '教育部考试中心' } },
      ]);
      expect(submittedOnly?.recognised).toBe(false);
      expectRefused([], apply({ achievements: { 'a-1': submittedOnly } }), Codes.ACHIEVEMENT_NOT_RECOGNISED, 'conflict');
    });

    it('refuses an achievement held by a pending application, and one spent by an approved one', () => {
      expectRefused([applied('app-0', ['a-1'])], apply(), Codes.ACHIEVEMENT_HELD, 'conflict');
      expectRefused([applied('app-0', ['a-1']), approved('app-0')], apply(), Codes.ACHIEVEMENT_SPENT, 'conflict');
    });

    it('releases a held achievement when its application is rejected', () => {
      const given = [applied('app-0', ['a-1']), rejected('app-0')];
      expect(fold(learningAccountDecider, given).held).toEqual({});
      expect(givenWhenThen(learningAccountDecider, given, apply())).toHaveLength(1);
    });

    it('refuses a retired rule and one not yet effective', () => {
      expectRefused([], apply({ rule: rule({ status: 'retired' }) }), Codes.CONVERSION_RULE_RETIRED, 'conflict');
      expectRefused([], apply({ rule: rule({ effectiveFrom: '2025-10-03' }) }), Codes.CONVERSION_RULE_NOT_EFFECTIVE, 'conflict');
      // 2025-10-02T08:00Z is 16:00 on 2025-10-02 in China: a rule effective that day applies.
      expect(givenWhenThen(learningAccountDecider, [], apply({ rule: rule({ effectiveFrom: '2025-10-02' }) }))).toHaveLength(1);
    });

    it('refuses achievements that do not meet the rule’s sources', () => {
      expectRefused([], apply({ rule: rule({ sources: { catalogItemIds: ['item-2'] } }) }), Codes.CONVERSION_SOURCE_MISMATCH, 'validation');
      expectRefused([], apply({ rule: rule({ sources: { category: 'academic-education' } }) }), Codes.CONVERSION_SOURCE_MISMATCH, 'validation');
      expectRefused([], apply({ rule: rule({ sources: { minFrameworkLevel: 4 } }) }), Codes.CONVERSION_SOURCE_MISMATCH, 'validation');
      // A hand-entered achievement has no catalogue entry.
      expectRefused([], apply({ achievements: { 'a-1': recognised('a-1', { catalogItemId: null }) } }), Codes.CONVERSION_SOURCE_MISMATCH, 'validation');
    });

    it('keeps work performance (工作业绩) and other achievements apart', () => {
      const work = recognised('a-1', { category: 'training-performance', type: 'work-performance', catalogItemId: null });
      expect(conversionKindOf(work)).toBe('work-performance');
      const workRule = rule({ kind: 'work-performance', sources: { category: 'training-performance' } });
      // The kind asked for must be the rule's.
      expectRefused([], apply({ rule: workRule }), Codes.CONVERSION_KIND_MISMATCH, 'validation');
      // Work performance under an achievement rule, and another achievement under a work-performance rule.
      expectRefused([], apply({ rule: rule({ sources: { category: 'training-performance' } }), achievements: { 'a-1': work } }), Codes.CONVERSION_KIND_MISMATCH, 'validation');
      expectRefused([], apply({ kind: 'work-performance', rule: workRule, achievements: { 'a-1': recognised('a-1', { category: 'training-performance', type: 'training-certificate' }) } }), Codes.CONVERSION_KIND_MISMATCH, 'validation');
      // 业绩类成果转换申请 under a work-performance rule.
      expect(givenWhenThen(learningAccountDecider, [], apply({ kind: 'work-performance', rule: workRule, achievements: { 'a-1': work } }))[0].data).toMatchObject({ kind: 'work-performance' });
    });

    it('refuses more achievements than the rule allows', () => {
      expectRefused([], apply({ achievementIds: ['a-1', 'a-2', 'a-3'] }), Codes.CONVERSION_TOO_MANY_ACHIEVEMENTS, 'validation');
    });

    it('refuses when approved + pending credits towards the target would exceed the maximum; rejected ones do not count', () => {
      // Each conversion grants 3 credits, at most 6 towards the target.
      const twoUsed = [applied('app-a', ['a-5']), approved('app-a'), applied('app-b', ['a-6'])];
      expectRefused(twoUsed, apply(), Codes.CONVERSION_CREDIT_LIMIT_EXCEEDED, 'conflict');
      expect(givenWhenThen(learningAccountDecider, [applied('app-a', ['a-5']), approved('app-a'), applied('app-b', ['a-6']), rejected('app-b')], apply())).toHaveLength(1);
      // Another target does not count.
      const elsewhere = { ...rule().target, course: '大学英语' };
      expect(givenWhenThen(learningAccountDecider, [applied('app-a', ['a-5'], elsewhere), applied('app-b', ['a-6'], elsewhere)], apply())).toHaveLength(1);
    });
  });

  describe('ApproveConversion (转换通过)', () => {
    it('approves a pending application of the awarding institution and spends its achievements', () => {
      expect(givenWhenThen(learningAccountDecider, [applied()], approve())).toEqual([approved()]);
      const state = fold(learningAccountDecider, [applied(), approved()]);
      expect(state).toMatchObject({ held: {}, spent: { 'a-1': 'app-1' } });
      expect(state.applications['app-1']).toMatchObject({ status: 'approved', decidedBy: 'inst-1', decidedAt: LATER });
    });

    it('answers "not found" for an unknown application and for another institution’s', () => {
      expectRefused([], approve(), Codes.CONVERSION_APPLICATION_NOT_FOUND, 'not_found');
      expectRefused([applied()], approve({ institutionId: 'inst-impostor-same-name' }), Codes.CONVERSION_APPLICATION_NOT_FOUND, 'not_found');
    });

    it('lets one decision stand', () => {
      expectRefused([applied(), approved()], approve(), Codes.CONVERSION_ALREADY_DECIDED, 'conflict');
      expectRefused([applied(), rejected()], approve(), Codes.CONVERSION_ALREADY_DECIDED, 'conflict');
    });
  });

  describe('RejectConversion (转换不通过)', () => {
    it('rejects with the trimmed reason and releases the achievements', () => {
      expect(givenWhenThen(learningAccountDecider, [applied()], reject())).toEqual([rejected()]);
      expect(fold(learningAccountDecider, [applied(), rejected()])).toMatchObject({ held: {}, spent: {} });
    });

    it('needs a reason of at most 500 characters', () => {
      expectRefused([applied()], reject({ reason: '   ' }), Codes.CONVERSION_REASON_REQUIRED, 'validation');
      expectRefused([applied()], reject({ reason: '理'.repeat(501) }), Codes.CONVERSION_REASON_REQUIRED, 'validation');
    });

    it('answers "not found" for another institution’s, and lets one decision stand', () => {
      expectRefused([applied()], reject({ institutionId: 'inst-impostor-same-name' }), Codes.CONVERSION_APPLICATION_NOT_FOUND, 'not_found');
      expectRefused([applied(), approved()], reject(), Codes.CONVERSION_ALREADY_DECIDED, 'conflict');
      expectRefused([applied(), rejected()], reject(), Codes.CONVERSION_ALREADY_DECIDED, 'conflict');
    });
  });

  it('transition rules allow what decide emits', () => {
    expect(learningAccountTransitions).toEqual({ ConversionApplied: ['absent', 'open'], ConversionApproved: ['open'], ConversionRejected: ['open'] });
  });
});

describe('achievement facts', () => {
  it('takes category, type, level and credits from the recognition, and keeps amendments made before it', () => {
    const facts = achievementFactsOf([
      { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: LEARNER, ...details, storedAt: NOW } },
      { type: 'AchievementAmended', data: { achievementId: 'a-1', changes: { certificateNumber: 'N-2' }, amendedAt: NOW } },
      { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: NOW, responsibleInstitution: '教育部考试中心' } },
      {
        type: 'AchievementRecognised',
        data: { achievementId: 'a-1', ownerId: LEARNER, reviewerId: 'r', institutionName: '教育部考试中心', frameworkLevel: 4, category: 'vocational-qualification', type: 'skill-level-certificate', credits: 5.5, recognisedAt: LATER },
      },
    ]);
    expect(facts).toMatchObject({
      achievementId: 'a-1',
      ownerId: LEARNER,
      recognised: true,
      achievementName: '全国计算机等级考试二级及以上证书',
      catalogItemId: 'item-1',
      type: 'skill-level-certificate',
      frameworkLevel: 4,
      credits: 5.5,
      recognisedBy: '教育部考试中心',
      recognisedAt: LATER,
    });
    expect(facts?.details.certificateNumber).toBe('N-2');
    expect(achievementFactsOf([])).toBeUndefined();
  });
});
