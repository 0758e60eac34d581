import { AchievementDetails, AchievementEvent, inboxStreamId, LearningAccountEvent, learningAccountStreamId } from '@credit-bank/ledger-domain';
import { CommandContext, DomainEvent, toNewEvents } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INBOX_COLLECTION, INBOX_COUNTS_COLLECTION, INBOX_SUBJECTS_COLLECTION, InboxCountsDocument, InboxDocument, InboxProjection } from '../inbox/inbox.projection';
import {
  CONVERSION_APPLICATIONS_COLLECTION,
  ConversionApplicationDocument,
  LEARNING_ACCOUNTS_COLLECTION,
  LearningAccountDocument,
  LearningAccountsProjection,
} from './learning-accounts.projection';

const ctx: CommandContext = { actor: 'learner-1', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
const LEARNER = 'learner-1';
const details = (name: string, category = 'vocational-qualification'): AchievementDetails => ({
  category,
  categoryName: '职业资格证书成果',
  source: 'custom',
  catalogItemId: null,
  catalogItem: null,
  custom: { name, institutionId: null, institutionName: '发证机构', type: 'skill-level-certificate', typeName: '职业技能等级证书' },
  certificateNumber: `N-${name}`,
  issueDate: '2024-06-30',
  certificateLevel: null,
  occupation: null,
  educationLevel: null,
  evidenceId: `e-${name}`,
  description: null,
});

const stored = (id: string, name: string): AchievementEvent => ({ type: 'AchievementStored', data: { achievementId: id, ownerId: LEARNER, ...details(name), storedAt: ctx.now } });
const requested = (id: string): AchievementEvent => ({ type: 'RecognitionRequested', data: { achievementId: id, requestedAt: ctx.now, responsibleInstitution: '认定中心', responsibleInstitutionId: 'inst-rz', routing: 'institution' } });
const recognisedEvent = (id: string, credits: number, frameworkLevel: number, category = 'vocational-qualification'): DomainEvent => ({
  type: 'AchievementRecognised',
  data: { achievementId: id, ownerId: LEARNER, reviewerId: 'r-1', institutionId: 'inst-rz', institutionName: '认定中心', frameworkLevel, category, type: 'skill-level-certificate', credits, recognisedAt: ctx.now },
});
const target = { programme: '计算机应用技术', course: '计算机应用基础', awardingInstitutionId: 'inst-x', awardingInstitution: '广东开放大学', credits: 3 };
const applied = (applicationId: string, achievementIds: string[]): LearningAccountEvent => ({
  type: 'ConversionApplied',
  data: { applicationId, learnerId: LEARNER, kind: 'achievement', ruleId: 'rule-1', ruleVersion: 2, target, achievementIds, appliedAt: ctx.now },
});

describe('learning account and inbox projections', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  const accounts = new LearningAccountsProjection();
  const inbox = new InboxProjection();

  const append = async (streamId: string, list: DomainEvent[]) => {
    const existing = await events.readStream(streamId);
    await events.append(streamId, toNewEvents(list, ctx), { expectedRevision: existing.length ? existing.length - 1 : 'no_stream' });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-learning-account-'));
    events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    reads = new SqliteReadStore({ filename: join(dir, 'reads.sqlite') });
    await append('ledger.achievement-a-1', [stored('a-1', '电工中级'), requested('a-1'), recognisedEvent('a-1', 4, 3)]);
    await append('ledger.achievement-a-2', [stored('a-2', '焊工高级'), requested('a-2'), recognisedEvent('a-2', 2.5, 4)]);
    await append('ledger.achievement-a-3', [stored('a-3', '育婴员'), requested('a-3'), recognisedEvent('a-3', 1, 3, 'training-performance')]);
    await append('ledger.achievement-a-4', [stored('a-4', '未认定'), requested('a-4')]);
    await append(learningAccountStreamId(LEARNER), [
      applied('app-1', ['a-1']),
      { type: 'ConversionApproved', data: { applicationId: 'app-1', decidedBy: 'inst-1', decidedAt: ctx.now } },
      applied('app-2', ['a-2']),
      applied('app-3', ['a-3']),
      { type: 'ConversionRejected', data: { applicationId: 'app-3', decidedBy: 'inst-1', reason: '不符合', decidedAt: ctx.now } },
    ]);
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = async () => ({
    accounts: await reads.collection<LearningAccountDocument>(LEARNING_ACCOUNTS_COLLECTION).find({ sort: [['id', 'asc']] }),
    applications: await reads.collection<ConversionApplicationDocument>(CONVERSION_APPLICATIONS_COLLECTION).find({ sort: [['id', 'asc']] }),
    inbox: await reads.collection<InboxDocument>(INBOX_COLLECTION).find({ sort: [['createdSeq', 'asc']] }),
    inboxCounts: await reads.collection<InboxCountsDocument>(INBOX_COUNTS_COLLECTION).find({ sort: [['id', 'asc']] }),
  });
  /** Each addressee's counts as the messages give them (what the kept counts must equal). */
  const countedFromMessages = (messages: InboxDocument[]) => {
    const counted = new Map<string, { total: number; unread: number }>();
    for (const m of messages) {
      const c = counted.get(m.addressee) ?? { total: 0, unread: 0 };
      counted.set(m.addressee, { total: c.total + 1, unread: c.unread + (m.read ? 0 : 1) });
    }
    return [...counted].map(([id, c]) => ({ id, ...c })).sort((a, b) => a.id.localeCompare(b.id));
  };
  const applyAll = async (history: Awaited<ReturnType<SqliteEventStore['readAll']>>) => {
    await accounts.apply(history, reads);
    await inbox.apply(history, reads);
  };

  it('keeps the balance by category and level, available / held / spent, and the applications', async () => {
    await applyAll(await events.readAll());
    const { accounts: docs, applications } = await snapshot();
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      id: LEARNER,
      totals: { recognised: 7.5, available: 1, held: 2.5, spent: 4 },
      byCategory: [
        { category: 'training-performance', recognised: 1, available: 1, held: 0, spent: 0 },
        { category: 'vocational-qualification', recognised: 6.5, available: 0, held: 2.5, spent: 4 },
      ],
      byFrameworkLevel: [
        { frameworkLevel: 3, recognised: 5, available: 1, held: 0, spent: 4 },
        { frameworkLevel: 4, recognised: 2.5, available: 0, held: 2.5, spent: 0 },
      ],
    });
    expect(docs[0].achievements.map((a) => [a.achievementName, a.state])).toEqual([
      ['电工中级', 'spent'],
      ['焊工高级', 'held'],
      ['育婴员', 'available'],
    ]);
    expect(applications.map((a) => [a.id, a.status, a.ruleVersion, a.awardingInstitution, a.convertedCredits, a.achievementCredits])).toEqual([
      ['app-1', 'approved', 2, '广东开放大学', 3, 4],
      ['app-2', 'pending', 2, '广东开放大学', 0, 2.5],
      ['app-3', 'rejected', 2, '广东开放大学', 0, 1],
    ]);
  });

  it('posts messages to institutions and learners, and records read marks', async () => {
    await applyAll(await events.readAll());
    let messages = (await snapshot()).inbox;
    expect(messages.filter((m) => m.addressee === 'institution:inst-rz').map((m) => m.kind)).toEqual(Array(4).fill('recognition-requested'));
    expect(messages.filter((m) => m.addressee === `account:${LEARNER}`).map((m) => m.kind)).toEqual([
      'achievement-recognised',
      'achievement-recognised',
      'achievement-recognised',
      'conversion-approved',
      'conversion-rejected',
    ]);
    expect(messages.filter((m) => m.addressee === 'institution:inst-x').map((m) => m.kind)).toEqual(Array(3).fill('conversion-applied'));
    expect(messages.find((m) => m.kind === 'achievement-recognised')).toMatchObject({ title: '认定通过', body: expect.stringContaining('电工中级'), read: false });
    expect(messages.find((m) => m.kind === 'conversion-rejected')?.body).toContain('不符合');

    const first = messages[0];
    await append(inboxStreamId('inst-1'), [{ type: 'InboxMessageRead', data: { messageId: first.id, readerId: 'inst-1', readAt: '2025-03-02T00:00:00.000Z' } }]);
    await applyAll(await events.readAll());
    messages = (await snapshot()).inbox;
    expect(messages[0]).toMatchObject({ id: first.id, read: true, readAt: '2025-03-02T00:00:00.000Z' });
    expect(messages.filter((m) => m.read)).toHaveLength(1);
  });

  it('applied twice gives the same documents', async () => {
    const history = await events.readAll();
    await applyAll(history);
    const once = await snapshot();
    await applyAll(history);
    expect(await snapshot()).toEqual(once);
    expect(once.accounts[0].totals.recognised).toBe(7.5);
  });

  it('one event at a time gives what one batch gives, and an older batch again changes nothing', async () => {
    const history = await events.readAll();
    await applyAll(history);
    const batched = await snapshot();
    for (const name of [LEARNING_ACCOUNTS_COLLECTION, CONVERSION_APPLICATIONS_COLLECTION, INBOX_COLLECTION, INBOX_SUBJECTS_COLLECTION, INBOX_COUNTS_COLLECTION, 'ledger_learning_account_achievements']) {
      await reads.collection(name).clear();
    }
    for (const event of history) await applyAll([event]);
    expect(await snapshot()).toEqual(batched);
    // The counts each addressee's page shows are those of its messages.
    expect(batched.inboxCounts.length).toBeGreaterThan(0);
    expect(batched.inboxCounts.map(({ id, total, unread }) => ({ id, total, unread }))).toEqual(countedFromMessages(batched.inbox));
    await applyAll(history.slice(0, 8));
    expect(await snapshot()).toEqual(batched);
  });
});
