import { DomainError, fold, givenWhenThen } from '@credit-bank/kernel';
import { LedgerErrorCodes, LedgerFieldCodes } from '../ledger-errors';
import { AchievementDetails, achievementSummary, todayAt } from './achievement-details';
import { AchievementCommand, achievementDecider, achievementStreamId, AmendAchievement, changedFields, StoreAchievement } from './achievement.decider';
import { AchievementEvent } from './achievement.events';

const NOW = '2025-03-01T08:00:00.000Z';
const LATER = '2025-03-02T09:00:00.000Z';
const OWNER = 'learner-1';

const catalogDetails: AchievementDetails = {
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
  certificateNumber: 'NCRE-2024-0001',
  issueDate: '2024-06-30',
  certificateLevel: '2',
  occupation: '计算机程序设计员',
  educationLevel: '61',
  evidenceId: 'e-1',
  description: '计算机二级',
};

const customDetails: AchievementDetails = {
  ...catalogDetails,
  category: 'training-performance',
  categoryName: '培训成果及业绩类成果',
  source: 'custom',
  catalogItemId: null,
  catalogItem: null,
  custom: { name: '社区志愿服务培训', institutionId: null, institutionName: '广州市志愿者协会', type: 'training-certificate', typeName: '培训证书' },
};

const store: StoreAchievement = { type: 'StoreAchievement', achievementId: 'a-1', ownerId: OWNER, details: catalogDetails, now: NOW };
const stored: AchievementEvent = { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: OWNER, ...catalogDetails, storedAt: NOW } };
const amended: AchievementEvent = { type: 'AchievementAmended', data: { achievementId: 'a-1', changes: { certificateNumber: 'X-2' }, amendedAt: LATER } };
const submitted: AchievementEvent = { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: LATER, responsibleInstitution: '教育部考试中心', responsibleInstitutionId: 'inst-moe', routing: 'institution' } };
const withdrawn: AchievementEvent = { type: 'AchievementWithdrawn', data: { achievementId: 'a-1', evidenceId: 'e-1', withdrawnAt: LATER } };

const amend = (changes: AmendAchievement['changes'], expectedRevision = 0, ownerId = OWNER): AmendAchievement => ({
  type: 'AmendAchievement',
  achievementId: 'a-1',
  ownerId,
  expectedRevision,
  changes,
  now: LATER,
});
const withdraw = (extra: { expectedRevision?: number; ownerId?: string } = {}): AchievementCommand => ({
  type: 'WithdrawAchievement',
  achievementId: 'a-1',
  ownerId: extra.ownerId ?? OWNER,
  ...(extra.expectedRevision !== undefined ? { expectedRevision: extra.expectedRevision } : {}),
  now: LATER,
});
const requestRecognition = (ownerId = OWNER, institutionHasReviewer = true): AchievementCommand => ({ type: 'RequestRecognition', achievementId: 'a-1', ownerId, institutionHasReviewer, now: LATER });

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
const SUBMITTED = { code: LedgerErrorCodes.ACHIEVEMENT_ALREADY_SUBMITTED, kind: 'conflict' };

describe('achievement decider', () => {
  it('lives in ledger.achievement-<id> and counts its revision from 0', () => {
    expect(achievementStreamId('a-1')).toBe('ledger.achievement-a-1');
    expect(fold(achievementDecider, []).revision).toBe(-1);
    expect(fold(achievementDecider, [stored]).revision).toBe(0);
    expect(fold(achievementDecider, [stored, amended, submitted])).toMatchObject({ status: 'submitted', revision: 2 });
  });

  describe('StoreAchievement', () => {
    it('stores a catalogue achievement with its snapshot', () => {
      expect(givenWhenThen(achievementDecider, [], store)).toEqual([stored]);
    });

    it('stores a hand-entered achievement', () => {
      const [event] = givenWhenThen(achievementDecider, [], { ...store, details: customDetails });
      expect(event).toMatchObject({ type: 'AchievementStored', data: { source: 'custom', custom: customDetails.custom, catalogItemId: null } });
    });

    it('accepts an issue date of today in China even while it is still yesterday in UTC', () => {
      const now = '2025-02-28T17:00:00.000Z'; // 2025-03-01 01:00 in Guangzhou
      expect(todayAt(now)).toBe('2025-03-01');
      expect(givenWhenThen(achievementDecider, [], { ...store, now, details: { ...catalogDetails, issueDate: '2025-03-01' } })).toHaveLength(1);
    });

    it('refuses an issue date in the future, naming the field', () => {
      expect(refusal([], { ...store, details: { ...catalogDetails, issueDate: '2025-03-02' } })).toMatchObject({
        code: LedgerErrorCodes.ACHIEVEMENT_INVALID,
        kind: 'validation',
        errors: [{ field: 'issueDate', code: LedgerFieldCodes.DATE_IN_FUTURE, message: expect.any(String) }],
      });
    });

    it.each(['2023-02-29', '2024-13-01', '24-06-30', '1899-12-31'])('refuses the issue date %s', (issueDate) => {
      expect(refusal([], { ...store, details: { ...catalogDetails, issueDate } })).toMatchObject({
        errors: [{ field: 'issueDate', code: LedgerFieldCodes.DATE_FORMAT }],
      });
    });

    it('refuses missing required fields and over-long text, one entry per field', () => {
      const error = refusal([], { ...store, details: { ...catalogDetails, certificateNumber: ' ', evidenceId: '', description: '长'.repeat(2001) } });
      expect(error.errors?.map((e) => e.field).sort()).toEqual(['certificateNumber', 'description', 'evidenceId']);
    });

    it('needs 证书等级, 职业(工种) and 文化程度 for a vocational qualification, as the guide marks them', () => {
      const error = refusal([], { ...store, details: { ...catalogDetails, certificateLevel: null, occupation: ' ', educationLevel: null } });
      expect(error.errors?.map((e) => `${e.field}:${e.code}`)).toEqual([
        `certificateLevel:${LedgerFieldCodes.REQUIRED}`,
        `occupation:${LedgerFieldCodes.REQUIRED}`,
        `educationLevel:${LedgerFieldCodes.REQUIRED}`,
      ]);
      // Other categories may leave them out.
      expect(givenWhenThen(achievementDecider, [], { ...store, details: { ...customDetails, certificateLevel: null, occupation: null, educationLevel: null } })).toHaveLength(1);
    });

    it('takes 证书等级 and 文化程度 from their lists only, in every category', () => {
      for (const details of [catalogDetails, customDetails]) {
        const error = refusal([], { ...store, details: { ...details, certificateLevel: '中级', educationLevel: '高中' } });
        expect(error.errors?.map((e) => `${e.field}:${e.code}`)).toEqual([
          `certificateLevel:${LedgerFieldCodes.CERTIFICATE_LEVEL_UNKNOWN}`,
          `educationLevel:${LedgerFieldCodes.EDUCATION_LEVEL_UNKNOWN}`,
        ]);
      }
      expect(givenWhenThen(achievementDecider, [], { ...store, details: { ...catalogDetails, certificateLevel: '1', educationLevel: '47' } })).toHaveLength(1);
    });

    it('reads an achievement stored with free text before the lists, and checks the lists again only when it is edited', () => {
      const old: AchievementEvent = { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: OWNER, ...catalogDetails, certificateLevel: '二级', occupation: null, educationLevel: '高中', storedAt: NOW } };
      const state = fold(achievementDecider, [old]);
      expect(state).toMatchObject({ status: 'stored', details: { certificateLevel: '二级', educationLevel: '高中' } });
      expect(refusal([old], amend({ description: '改' })).errors?.map((e) => e.field)).toEqual(['certificateLevel', 'occupation', 'educationLevel']);
      expect(givenWhenThen(achievementDecider, [old], amend({ certificateLevel: '2', occupation: '程序员', educationLevel: '61' }))).toHaveLength(1);
    });

    it('refuses a source that does not match its data', () => {
      expect(refusal([], { ...store, details: { ...catalogDetails, custom: customDetails.custom } })).toMatchObject({
        errors: [{ field: 'catalogItemId', code: LedgerFieldCodes.SOURCE_INCONSISTENT }],
      });
      expect(refusal([], { ...store, details: { ...customDetails, catalogItemId: 'item-1' } })).toMatchObject({
        errors: [{ field: 'custom', code: LedgerFieldCodes.SOURCE_INCONSISTENT }],
      });
      expect(refusal([], { ...store, details: { ...customDetails, custom: { ...customDetails.custom!, name: '' } } })).toMatchObject({
        errors: [{ field: 'custom.name', code: LedgerFieldCodes.REQUIRED }],
      });
    });

    it('refuses an id already used, even by a withdrawn achievement', () => {
      expect(refusal([stored], store)).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_ALREADY_EXISTS, kind: 'conflict' });
      expect(refusal([stored, withdrawn], store)).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_ALREADY_EXISTS });
    });
  });

  describe('AmendAchievement', () => {
    it('records only the fields that changed', () => {
      expect(givenWhenThen(achievementDecider, [stored], amend({ certificateNumber: 'X-2', issueDate: catalogDetails.issueDate, description: '计算机二级' }))).toEqual([
        amended,
      ]);
    });

    it('can clear an optional field', () => {
      expect(givenWhenThen(achievementDecider, [stored], amend({ description: null }))).toEqual([
        { type: 'AchievementAmended', data: { achievementId: 'a-1', changes: { description: null }, amendedAt: LATER } },
      ]);
    });

    it('decides nothing when nothing changes', () => {
      expect(givenWhenThen(achievementDecider, [stored], amend({ certificateNumber: catalogDetails.certificateNumber }))).toEqual([]);
      expect(givenWhenThen(achievementDecider, [stored], amend({}))).toEqual([]);
    });

    it('expects the current revision (counted over every event)', () => {
      expect(givenWhenThen(achievementDecider, [stored, amended], amend({ certificateNumber: 'X-3' }, 1))).toHaveLength(1);
    });

    it('refuses a stale revision (412) with both revisions in the details', () => {
      expect(refusal([stored, amended], amend({ certificateNumber: 'X-3' }, 0))).toMatchObject({
        code: LedgerErrorCodes.REVISION_MISMATCH,
        kind: 'precondition_failed',
        details: { expectedRevision: 0, currentRevision: 1 },
      });
    });

    it('refuses a change that breaks a rule', () => {
      expect(refusal([stored], amend({ issueDate: '2030-01-01' }))).toMatchObject({
        code: LedgerErrorCodes.ACHIEVEMENT_INVALID,
        errors: [{ field: 'issueDate', code: LedgerFieldCodes.DATE_IN_FUTURE }],
      });
    });

    it('switches from the catalogue to a hand-entered achievement when all source fields change together', () => {
      const changes = { source: 'custom' as const, catalogItemId: null, catalogItem: null, custom: customDetails.custom, category: customDetails.category, categoryName: customDetails.categoryName };
      const [event] = givenWhenThen(achievementDecider, [stored], amend(changes));
      expect(event).toMatchObject({ type: 'AchievementAmended', data: { changes } });
      expect(refusal([stored], amend({ custom: customDetails.custom }))).toMatchObject({ code: LedgerErrorCodes.ACHIEVEMENT_INVALID });
    });

    it('refuses another learner with the very answer an unknown id gets', () => {
      const foreign = refusal([stored], amend({ certificateNumber: 'X-2' }, 0, 'learner-2'));
      const unknown = refusal([], amend({ certificateNumber: 'X-2' }));
      expect(foreign).toMatchObject(NOT_FOUND);
      expect(foreign.toPayload()).toEqual(unknown.toPayload());
    });

    it('refuses a withdrawn achievement as not found', () => {
      expect(refusal([stored, withdrawn], amend({ certificateNumber: 'X-2' }, 1))).toMatchObject(NOT_FOUND);
    });

    it('refuses after submission (409), whatever revision the client has', () => {
      expect(refusal([stored, submitted], amend({ certificateNumber: 'X-2' }, 1))).toMatchObject(SUBMITTED);
      expect(refusal([stored, submitted], amend({ certificateNumber: 'X-2' }, 0))).toMatchObject(SUBMITTED);
    });

    it('folds amendments into the state', () => {
      const state = fold(achievementDecider, [stored, amended]);
      expect(state).toMatchObject({ status: 'stored', revision: 1, updatedAt: LATER, details: { ...catalogDetails, certificateNumber: 'X-2' } });
    });
  });

  describe('WithdrawAchievement', () => {
    it('withdraws a stored achievement, naming its evidence', () => {
      expect(givenWhenThen(achievementDecider, [stored], withdraw())).toEqual([withdrawn]);
      expect(fold(achievementDecider, [stored, withdrawn])).toMatchObject({ status: 'withdrawn', evidenceId: 'e-1', revision: 1 });
    });

    it('checks the revision only when one is given', () => {
      expect(givenWhenThen(achievementDecider, [stored, amended], withdraw({ expectedRevision: 1 }))).toHaveLength(1);
      expect(refusal([stored, amended], withdraw({ expectedRevision: 0 }))).toMatchObject({ code: LedgerErrorCodes.REVISION_MISMATCH });
    });

    it('refuses unknown, someone else’s and already withdrawn achievements as not found', () => {
      expect(refusal([], withdraw())).toMatchObject(NOT_FOUND);
      expect(refusal([stored], withdraw({ ownerId: 'learner-2' }))).toMatchObject(NOT_FOUND);
      expect(refusal([stored, withdrawn], withdraw())).toMatchObject(NOT_FOUND);
    });

    it('refuses after submission (409)', () => {
      expect(refusal([stored, submitted], withdraw())).toMatchObject(SUBMITTED);
    });
  });

  describe('RequestRecognition', () => {
    it('submits to the catalogue entry’s institution', () => {
      expect(givenWhenThen(achievementDecider, [stored], requestRecognition())).toEqual([submitted]);
    });

    it('sends a hand-entered achievement naming an institution outside the directory to 管理中心’s routing queue', () => {
      const storedCustom: AchievementEvent = { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: OWNER, ...customDetails, storedAt: NOW } };
      const [requested] = givenWhenThen(achievementDecider, [storedCustom], requestRecognition());
      expect(requested).toEqual({
        type: 'RecognitionRequested',
        data: { achievementId: 'a-1', requestedAt: LATER, responsibleInstitution: '广州市志愿者协会', responsibleInstitutionId: null, routing: 'administrator' },
      });
      expect(fold(achievementDecider, [storedCustom, requested])).toMatchObject({ status: 'awaiting-routing' });
    });

    it('sends a hand-entered achievement picked from the directory to that institution', () => {
      const picked = { ...customDetails, custom: { ...customDetails.custom!, institutionId: 'inst-volunteers' } };
      const storedPicked: AchievementEvent = { type: 'AchievementStored', data: { achievementId: 'a-1', ownerId: OWNER, ...picked, storedAt: NOW } };
      expect(givenWhenThen(achievementDecider, [storedPicked], requestRecognition())).toEqual([
        { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: LATER, responsibleInstitution: '广州市志愿者协会', responsibleInstitutionId: 'inst-volunteers', routing: 'institution' } },
      ]);
    });

    it('sends a request for an institution no approved account reviews for to the routing queue, keeping the institution named', () => {
      const [requested] = givenWhenThen(achievementDecider, [stored], requestRecognition(OWNER, false));
      expect(requested).toMatchObject({ data: { responsibleInstitutionId: 'inst-moe', routing: 'administrator' } });
      expect(fold(achievementDecider, [stored, requested])).toMatchObject({ status: 'awaiting-routing' });
    });

    it('refuses a second submission (409)', () => {
      expect(refusal([stored, submitted], requestRecognition())).toMatchObject(SUBMITTED);
    });

    it('refuses unknown, someone else’s and withdrawn achievements as not found', () => {
      expect(refusal([], requestRecognition())).toMatchObject(NOT_FOUND);
      expect(refusal([stored], requestRecognition('learner-2'))).toMatchObject(NOT_FOUND);
      expect(refusal([stored, withdrawn], requestRecognition())).toMatchObject(NOT_FOUND);
    });
  });

  describe('helpers', () => {
    it('summarises name, type and institution from either source', () => {
      expect(achievementSummary(catalogDetails)).toEqual({
        achievementName: '全国计算机等级考试二级及以上证书',
        type: 'national-exam-certificate',
        typeName: '国家及省级统一考试证书',
        institutionId: 'inst-moe',
        institutionName: '教育部考试中心',
      });
      expect(achievementSummary(customDetails).achievementName).toBe('社区志愿服务培训');
    });

    it('compares nested values by content', () => {
      expect(changedFields(catalogDetails, { catalogItem: { ...catalogDetails.catalogItem! } })).toEqual({});
      expect(changedFields(catalogDetails, { catalogItem: { ...catalogDetails.catalogItem!, credits: 5 } })).toHaveProperty('catalogItem');
    });
  });
});
