import { AchievementDetails, AchievementEvent, EvidenceEvent } from '@credit-bank/ledger-domain';
import { CommandContext, DomainEvent, toNewEvents } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVIDENCE_COLLECTION, EvidenceDocument, EvidenceProjection } from '../evidence/evidence.projection';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument, AchievementsProjection } from './achievements.projection';

const ctx: CommandContext = { actor: 'learner-1', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
const SHA = 'b'.repeat(64);

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
  certificateNumber: 'N-1',
  issueDate: '2024-06-30',
  certificateLevel: null,
  occupation: null,
  educationLevel: null,
  evidenceId: 'e-1',
  description: null,
};

const storedEvent = (achievementId: string, storedAt: string, extra: Partial<AchievementDetails> = {}): AchievementEvent => ({
  type: 'AchievementStored',
  data: { achievementId, ownerId: 'learner-1', ...details, ...extra, storedAt },
});

describe('ledger projections', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  const achievements = new AchievementsProjection();
  const evidence = new EvidenceProjection();

  const append = async (streamId: string, list: DomainEvent[]) => {
    const existing = await events.readStream(streamId);
    await events.append(streamId, toNewEvents(list, ctx), { expectedRevision: existing.length ? existing.length - 1 : 'no_stream' });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-projection-'));
    events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    reads = new SqliteReadStore({ filename: join(dir, 'reads.sqlite') });
    const registered = (evidenceId: string): EvidenceEvent => ({
      type: 'EvidenceRegistered',
      data: { evidenceId, ownerId: 'learner-1', sha256: SHA, mediaType: 'image/png', size: 10, registeredAt: ctx.now },
    });
    await append('ledger.evidence-e-1', [registered('e-1'), { type: 'EvidenceAttached', data: { evidenceId: 'e-1', achievementId: 'a-1', attachedAt: ctx.now } }]);
    await append('ledger.achievement-a-1', [storedEvent('a-1', '2025-03-01T08:00:00.000Z')]);
    await append('identity.account-x', [{ type: 'AccountRegistered', data: { accountId: 'x' } }]);
    await append('ledger.evidence-e-2', [registered('e-2'), { type: 'EvidenceAttached', data: { evidenceId: 'e-2', achievementId: 'a-2', attachedAt: ctx.now } }]);
    await append('ledger.achievement-a-2', [
      storedEvent('a-2', '2025-03-01T09:00:00.000Z', {
        evidenceId: 'e-2',
        source: 'custom',
        catalogItemId: null,
        catalogItem: null,
        custom: { name: '社区志愿服务培训', institutionId: null, institutionName: '广州市志愿者协会', type: 'training-certificate', typeName: '培训证书' },
        category: 'training-performance',
        categoryName: '培训成果及业绩类成果',
      }),
    ]);
    await append('ledger.achievement-a-1', [
      { type: 'AchievementAmended', data: { achievementId: 'a-1', changes: { certificateNumber: 'N-2', description: '二级' }, amendedAt: '2025-03-02T08:00:00.000Z' } },
      { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: '2025-03-03T08:00:00.000Z', responsibleInstitution: '教育部考试中心', responsibleInstitutionId: 'inst-moe', routing: 'institution' } },
    ]);
    await append('ledger.achievement-a-2', [{ type: 'AchievementWithdrawn', data: { achievementId: 'a-2', evidenceId: 'e-2', withdrawnAt: '2025-03-04T08:00:00.000Z' } }]);
    await append('ledger.evidence-e-2', [{ type: 'EvidenceDetached', data: { evidenceId: 'e-2', achievementId: 'a-2', detachedAt: '2025-03-04T08:00:00.000Z' } }]);
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const allAchievements = () => reads.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION).find({ sort: [['id', 'asc']] });
  const allEvidence = () => reads.collection<EvidenceDocument>(EVIDENCE_COLLECTION).find({ sort: [['id', 'asc']] });
  const applyAll = async (history: Awaited<ReturnType<SqliteEventStore['readAll']>>) => {
    await achievements.apply(history, reads);
    await evidence.apply(history, reads);
  };

  it('keeps one document per active achievement with the list columns, revision and recognition record', async () => {
    await applyAll(await events.readAll());
    const docs = await allAchievements();
    expect(docs.map((d) => d.id)).toEqual(['a-1']);
    expect(docs[0]).toMatchObject({
      ownerId: 'learner-1',
      revision: 2,
      achievementName: '全国计算机等级考试二级及以上证书',
      category: 'vocational-qualification',
      categoryName: '职业资格证书成果',
      type: 'national-exam-certificate',
      typeName: '国家及省级统一考试证书',
      institutionName: '教育部考试中心',
      source: 'catalog',
      certificateNumber: 'N-2',
      description: '二级',
      addedAt: '2025-03-01T08:00:00.000Z',
      updatedAt: '2025-03-03T08:00:00.000Z',
      responsibleInstitution: '教育部考试中心',
      recognition: { status: 'submitted', record: [{ step: 'submitted', at: '2025-03-03T08:00:00.000Z', by: 'learner-1', institution: '教育部考试中心', institutionId: 'inst-moe' }] },
    });
  });

  it('keeps evidence owners and what each file backs', async () => {
    await applyAll(await events.readAll());
    expect(await allEvidence()).toEqual([
      expect.objectContaining({ id: 'e-1', ownerId: 'learner-1', mediaType: 'image/png', size: 10, sha256: SHA, attachedTo: 'a-1' }),
      expect.objectContaining({ id: 'e-2', attachedTo: null }),
    ]);
  });

  it('applied twice gives the same documents', async () => {
    const history = await events.readAll();
    await applyAll(history);
    const once = { achievements: await allAchievements(), evidence: await allEvidence() };
    await applyAll(history);
    expect({ achievements: await allAchievements(), evidence: await allEvidence() }).toEqual(once);
    // The recognition step is not recorded twice.
    expect(once.achievements[0].recognition.record).toHaveLength(1);
  });

  it('one event at a time gives what one batch gives', async () => {
    const history = await events.readAll();
    await applyAll(history);
    const batched = { achievements: await allAchievements(), evidence: await allEvidence() };
    await reads.collection(ACHIEVEMENTS_COLLECTION).clear();
    await reads.collection(EVIDENCE_COLLECTION).clear();
    for (const event of history) await applyAll([event]);
    expect({ achievements: await allAchievements(), evidence: await allEvidence() }).toEqual(batched);
  });

  it('records every recognition step (claim, return, amendment, resubmission, recognition), the same batched or one by one', async () => {
    const by = { reviewerId: 'reviewer-a', institutionId: 'inst-moe', institutionName: '教育部考试中心' };
    await append('ledger.achievement-a-1', [
      { type: 'RecognitionClaimed', data: { achievementId: 'a-1', ...by, claimedAt: '2025-03-05T08:00:00.000Z' } },
      { type: 'AchievementReturned', data: { achievementId: 'a-1', ...by, reason: '扫描件不清晰', returnedAt: '2025-03-05T09:00:00.000Z' } },
      { type: 'AchievementAmended', data: { achievementId: 'a-1', changes: { certificateNumber: 'N-3' }, amendedAt: '2025-03-06T08:00:00.000Z' } },
      { type: 'RecognitionRequested', data: { achievementId: 'a-1', requestedAt: '2025-03-06T09:00:00.000Z', responsibleInstitution: '教育部考试中心', responsibleInstitutionId: 'inst-moe', routing: 'institution' } },
      { type: 'RecognitionClaimed', data: { achievementId: 'a-1', ...by, claimedAt: '2025-03-07T08:00:00.000Z' } },
      {
        type: 'AchievementRecognised',
        data: { achievementId: 'a-1', ownerId: 'learner-1', ...by, frameworkLevel: 3, category: 'vocational-qualification', type: 'national-exam-certificate', credits: 4, recognisedAt: '2025-03-07T09:00:00.000Z' },
      },
    ]);
    const history = await events.readAll();
    await applyAll(history);
    const [doc] = await allAchievements();
    const outcome = { frameworkLevel: 3, category: 'vocational-qualification', type: 'national-exam-certificate', credits: 4 };
    expect(doc).toMatchObject({
      revision: 8,
      certificateNumber: 'N-3',
      recognitionStatus: 'recognised',
      submittedAt: '2025-03-06T09:00:00.000Z',
      claimedBy: 'reviewer-a',
      updatedAt: '2025-03-07T09:00:00.000Z',
    });
    expect(doc.recognition).toEqual({
      status: 'recognised',
      outcome,
      record: [
        { step: 'submitted', at: '2025-03-03T08:00:00.000Z', by: 'learner-1', institution: '教育部考试中心', institutionId: 'inst-moe' },
        { step: 'claimed', at: '2025-03-05T08:00:00.000Z', by: 'reviewer-a', institution: '教育部考试中心', institutionId: 'inst-moe' },
        { step: 'returned', at: '2025-03-05T09:00:00.000Z', by: 'reviewer-a', institution: '教育部考试中心', institutionId: 'inst-moe', reason: '扫描件不清晰' },
        { step: 'amended', at: '2025-03-06T08:00:00.000Z', by: 'learner-1', fields: ['certificateNumber'] },
        { step: 'submitted', at: '2025-03-06T09:00:00.000Z', by: 'learner-1', institution: '教育部考试中心', institutionId: 'inst-moe' },
        { step: 'claimed', at: '2025-03-07T08:00:00.000Z', by: 'reviewer-a', institution: '教育部考试中心', institutionId: 'inst-moe' },
        { step: 'recognised', at: '2025-03-07T09:00:00.000Z', by: 'reviewer-a', institution: '教育部考试中心', institutionId: 'inst-moe', outcome },
      ],
    });
    await applyAll(history);
    expect(await allAchievements()).toEqual([doc]);
    await reads.collection(ACHIEVEMENTS_COLLECTION).clear();
    for (const event of history) await applyAll([event]);
    expect(await allAchievements()).toEqual([doc]);
  });

  it('a replayed older batch neither revives a withdrawn achievement nor undoes later changes', async () => {
    const history = await events.readAll();
    await applyAll(history);
    const done = await allAchievements();
    await applyAll(history.slice(0, 6));
    expect(await allAchievements()).toEqual(done);
  });
});
