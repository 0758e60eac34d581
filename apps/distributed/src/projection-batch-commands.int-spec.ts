import { MongoReadStore } from '@credit-bank/mongodb';
import { prepareProjection, Projection, RecordedEvent } from '@credit-bank/kernel';
import { AchievementDetails } from '@credit-bank/ledger-domain';
import { ledgerProjections } from '@credit-bank/ledger-service';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';

/**
 * The database's own account of a projection batch on the MongoDB read store (FerretDB from the
 * jest setup, MongoDB where MONGODB_URI names one): with command monitoring on, the commands one
 * batch of ledger events sends are counted with 100 and with 1,100 achievements stored. Their
 * number follows the batch (the ids it touches), not the collection, and every lookup is a bare
 * `{_id}` equality — the one filter FerretDB pushes down to its backend (`{_id, _deleted}` and
 * `_id: {$in}` decode the whole collection there).
 */
const uri = process.env.MONGODB_URI;
const describeWithMongo = uri ? describe : describe.skip;
if (!uri) console.warn('Projection batch commands int-spec SKIPPED: MONGODB_URI is not set (no MongoDB/FerretDB server to test against).');

const NOW = '2026-03-01T08:00:00.000Z';
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

/** Events as the ledger records them: a file registered and attached, the achievement stored, its recognition requested. */
class Ledger {
  private position = 0;

  achievements(from: number, count: number): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    for (let n = from; n < from + count; n++) {
      const achievementId = `a-${n}`;
      const evidenceId = `e-${n}`;
      const ownerId = `learner-${n % 50}`;
      events.push(
        this.event(`ledger.evidence-${evidenceId}`, 0, 'EvidenceRegistered', { evidenceId, ownerId, sha256: 'b'.repeat(64), mediaType: 'image/png', size: 10, registeredAt: NOW }),
        this.event(`ledger.evidence-${evidenceId}`, 1, 'EvidenceAttached', { evidenceId, achievementId, attachedAt: NOW }),
        this.event(`ledger.achievement-${achievementId}`, 0, 'AchievementStored', { achievementId, ownerId, ...details, evidenceId, storedAt: NOW }),
        this.event(`ledger.achievement-${achievementId}`, 1, 'RecognitionRequested', {
          achievementId,
          requestedAt: NOW,
          responsibleInstitution: '教育部考试中心',
          responsibleInstitutionId: 'inst-moe',
          routing: 'institution',
        }),
      );
    }
    return events;
  }

  private event(streamId: string, revision: number, type: string, data: Record<string, unknown>): RecordedEvent {
    this.position++;
    return { streamId, revision, position: this.position, type, data, metadata: { eventId: `ev-${this.position}`, schemaVersion: 1, correlationId: 'c-1', actor: 'learner-1', occurredAt: NOW } };
  }
}

interface Sent {
  name: string;
  collection: string;
  filter?: unknown;
}

describeWithMongo('a projection batch on the MongoDB read store (command monitoring)', () => {
  const dbName = `cb_test_batch_${randomBytes(6).toString('hex')}`;
  let connection: mongoose.Connection;
  let store: MongoReadStore;
  let sent: Sent[] | undefined;
  const projections: Projection[] = ledgerProjections();
  const ledger = new Ledger();

  beforeAll(async () => {
    connection = await mongoose.createConnection(uri as string, { dbName, monitorCommands: true }).asPromise();
    connection.getClient().on('commandStarted', (event) => {
      if (!sent || ['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'explain'].includes(event.commandName)) return;
      const command = event.command as Record<string, unknown>;
      sent.push({ name: event.commandName, collection: String(command[event.commandName]), filter: command.filter ?? (command.updates as Array<{ q: unknown }> | undefined)?.[0]?.q });
    });
    store = new MongoReadStore(connection);
    for (const projection of projections) await prepareProjection(projection, store);
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await connection?.dropDatabase();
    await connection?.close();
  });

  /** Applies events in batches of 64 (as the runner would), returning the commands each projection sent for the last batch. */
  async function apply(events: RecordedEvent[]): Promise<Map<string, Sent[]>> {
    const perProjection = new Map<string, Sent[]>();
    for (let from = 0; from < events.length; from += 64) {
      const batch = events.slice(from, from + 64);
      for (const projection of projections) {
        sent = [];
        await projection.apply(batch, store);
        perProjection.set(projection.name, sent);
        sent = undefined;
      }
    }
    return perProjection;
  }

  it('sends as many commands for a batch with 1,100 achievements stored as with 100, each lookup by {_id} alone', async () => {
    await apply(ledger.achievements(0, 100));
    const small = await apply(ledger.achievements(100, 16));
    await apply(ledger.achievements(116, 1000));
    const large = await apply(ledger.achievements(1116, 16));

    const counts = (m: Map<string, Sent[]>) => Object.fromEntries([...m].map(([name, commands]) => [name, commands.length]));
    console.log('commands per projection for one batch of 64 ledger events (16 achievements), 100 vs 1,100 stored:', counts(small), counts(large));
    expect(counts(large)).toEqual(counts(small));
    for (const [name, commands] of large) {
      // At most a lookup per document the batch touches (16 achievements, 16 files, their owners
      // and institutions, messages and subjects) and a few bulk writes: bounded by the batch.
      expect({ name, bounded: commands.length <= 200 }).toEqual({ name, bounded: true });
      for (const command of commands.filter((c) => c.name === 'find')) {
        expect({ name, filter: command.filter }).toEqual({ name, filter: { _id: expect.any(String) } });
      }
    }
    // The achievements' own projection reads its 16 documents and writes them: nothing per stored one.
    expect(large.get('ledger.achievements.v2')?.filter((c) => c.name === 'find')).toHaveLength(16 * 2);
  }, 300_000);
});
