import { AchievementEvent } from '@credit-bank/ledger-domain';
import { CommandContext, toNewEvents } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  INSTITUTION_STATISTICS_ACHIEVEMENTS_COLLECTION,
  INSTITUTION_STATISTICS_COLLECTION,
  InstitutionStatisticsDocument,
  InstitutionStatisticsProjection,
} from './institution-statistics.projection';

const ctx: CommandContext = { actor: 'learner-1', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
const A = { institutionId: 'inst-a', institutionName: '甲学院', reviewerId: 'reviewer-a' };
const B = { institutionId: 'inst-b', institutionName: '乙学院', reviewerId: 'reviewer-b' };

const requested = (achievementId: string, to: string | null, at: string): AchievementEvent => ({
  type: 'RecognitionRequested',
  data: { achievementId, requestedAt: at, responsibleInstitution: to ?? '某机构', responsibleInstitutionId: to, routing: to ? 'institution' : 'administrator' },
});
const routed = (achievementId: string, to: typeof A, at: string): AchievementEvent => ({
  type: 'RecognitionRouted',
  data: { achievementId, institutionId: to.institutionId, institutionName: to.institutionName, routedBy: 'admin', routedAt: at },
});
const recognised = (achievementId: string, by: typeof A, category: string, frameworkLevel: number, credits: number, at: string): AchievementEvent => ({
  type: 'AchievementRecognised',
  data: { achievementId, ownerId: 'learner-1', frameworkLevel, category, type: 'national-exam-certificate', credits, recognisedAt: at, ...by },
});

describe('institution statistics projection (counts per directory institution, no learner)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  const projection = new InstitutionStatisticsProjection();

  const append = async (achievementId: string, list: AchievementEvent[]) => {
    const streamId = `ledger.achievement-${achievementId}`;
    const existing = await events.readStream(streamId);
    await events.append(streamId, toNewEvents(list, ctx), { expectedRevision: existing.length ? existing.length - 1 : 'no_stream' });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'institution-statistics-'));
    events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    reads = new SqliteReadStore({ filename: join(dir, 'reads.sqlite') });
    // a-1: recognised by A after a claim.
    await append('a-1', [requested('a-1', 'inst-a', '2025-03-01T08:00:00.000Z')]);
    await append('a-1', [{ type: 'RecognitionClaimed', data: { achievementId: 'a-1', claimedAt: '2025-03-01T09:00:00.000Z', ...A } }]);
    // a-2: rejected by A.
    await append('a-2', [requested('a-2', 'inst-a', '2025-03-01T08:10:00.000Z')]);
    await append('a-1', [recognised('a-1', A, 'vocational-qualification', 3, 4, '2025-03-02T10:00:00.000Z')]);
    await append('a-2', [{ type: 'RecognitionRejected', data: { achievementId: 'a-2', reason: '不符', rejectedAt: '2025-03-02T11:00:00.000Z', ...A } }]);
    // a-3: returned by A, submitted again: waiting at A.
    await append('a-3', [requested('a-3', 'inst-a', '2025-03-01T08:20:00.000Z')]);
    await append('a-3', [{ type: 'AchievementReturned', data: { achievementId: 'a-3', reason: '补充材料', returnedAt: '2025-03-02T09:00:00.000Z', ...A } }]);
    await append('a-3', [requested('a-3', 'inst-a', '2025-03-03T08:00:00.000Z')]);
    // a-4: through 管理中心's routing queue to B, recognised there, then revoked by 管理中心.
    await append('a-4', [requested('a-4', null, '2025-03-01T08:30:00.000Z'), routed('a-4', B, '2025-03-01T12:00:00.000Z')]);
    await append('a-4', [recognised('a-4', B, 'academic-education', 4, 2.5, '2025-03-02T12:00:00.000Z')]);
    await append('a-4', [
      {
        type: 'RecognitionRevoked',
        data: { achievementId: 'a-4', ownerId: 'learner-1', revokedBy: 'admin', revokerRole: 'admin', institutionId: null, reason: '证书存疑', credits: 2.5, revokedAt: '2025-03-04T08:00:00.000Z' },
      },
    ]);
    // a-5: submitted to A, assigned by 管理中心 to B before anyone claimed it: waiting at B.
    await append('a-5', [requested('a-5', 'inst-a', '2025-03-01T08:40:00.000Z'), routed('a-5', B, '2025-03-01T13:00:00.000Z')]);
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const state = async () => ({
    institutions: await reads.collection<InstitutionStatisticsDocument>(INSTITUTION_STATISTICS_COLLECTION).find({ sort: [['id', 'asc']] }),
    facts: await reads.collection<object>(INSTITUTION_STATISTICS_ACHIEVEMENTS_COLLECTION).find({ sort: [['id', 'asc']] }),
  });

  const expected = [
    expect.objectContaining({
      id: 'inst-a',
      institutionId: 'inst-a',
      submitted: 5,
      pending: 1,
      recognised: 1,
      rejected: 1,
      returned: 1,
      revoked: 0,
      creditsAwarded: 4,
      recognisedByCategory: { 'vocational-qualification': 1 },
      recognisedByFrameworkLevel: { '3': 1 },
      lastDecisionAt: '2025-03-02T11:00:00.000Z',
    }),
    expect.objectContaining({
      id: 'inst-b',
      submitted: 2,
      pending: 1,
      recognised: 0,
      rejected: 0,
      returned: 0,
      revoked: 1,
      creditsAwarded: 0,
      recognisedByCategory: {},
      recognisedByFrameworkLevel: {},
      lastDecisionAt: '2025-03-02T12:00:00.000Z',
    }),
  ];

  it('counts what each institution received and decided; a revocation leaves the standing figures; no learner in it', async () => {
    await projection.apply(await events.readAll(), reads);
    const { institutions } = await state();
    expect(institutions).toEqual(expected);
    expect(JSON.stringify(await state())).not.toContain('learner-1');
  });

  it('a replay of the whole history changes no counter', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const once = await state();
    await projection.apply(history, reads);
    expect(await state()).toEqual(once);
  });

  it('one event at a time gives what one batch gives, and a duplicate delivery of any event changes nothing', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const batched = await state();
    await reads.collection(INSTITUTION_STATISTICS_COLLECTION).clear();
    await reads.collection(INSTITUTION_STATISTICS_ACHIEVEMENTS_COLLECTION).clear();
    for (const event of history) await projection.apply([event], reads);
    expect(await state()).toEqual(batched);
    for (const event of history) await projection.apply([event, event], reads);
    expect(await state()).toEqual(batched);
  });

  it('a batch that failed between its two writes (the counts written, the facts not) ends equal when retried', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const complete = await state();
    await reads.collection(INSTITUTION_STATISTICS_ACHIEVEMENTS_COLLECTION).clear();
    await projection.apply(history, reads);
    expect(await state()).toEqual(complete);
  });

  it('counts an institution only once a request reaches it (管理中心’s queue is nobody’s)', async () => {
    const history = await events.readAll();
    const untilRouted = history.filter((e) => e.position <= history.find((h) => h.type === 'RecognitionRouted')!.position - 1);
    await projection.apply(untilRouted, reads);
    const { institutions } = await state();
    expect(institutions.map((d) => d.id)).toEqual(['inst-a']);
    expect(institutions[0]).toEqual(expect.objectContaining({ submitted: 4, pending: 1, recognised: 1, rejected: 1, returned: 1 }));
  });
});
