import { evidenceDecider, evidenceStreamId, RegisterEvidence } from '@credit-bank/ledger-domain';
import { CommandContext, executeCommand } from '@credit-bank/kernel';
import { LocalBlobStore } from '@credit-bank/local-files';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_EVIDENCE_SETTINGS } from '../../evidence/evidence-settings';
import { EvidenceProjection } from '../../projections/evidence/evidence.projection';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { EvidenceSweeper } from './evidence-sweeper';

const T0 = '2025-03-01T08:00:00.000Z';
const DAY_LATER = new Date(Date.parse(T0) + 86_400_000);
const SHA = 'd'.repeat(64);

/**
 * The sweep against real SQLite stores and a real blob folder. The read model is projected only
 * when the sweep waits for it (or the test says so), so it can be stale on purpose: the sweep must
 * trust the stream (expected revision), not the read model.
 */
describe('EvidenceSweeper (SQLite event store, read store and blob folder)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  let blobs: LocalBlobStore;
  let sweeper: EvidenceSweeper;
  const projection = new EvidenceProjection();
  const project = async () => projection.apply(await events.readAll(), reads);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-sweeper-'));
    events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    reads = new SqliteReadStore({ filename: join(dir, 'reads.sqlite') });
    blobs = new LocalBlobStore(join(dir, 'evidence'), { fsync: false });
    // The projections host's part: make the read model current (the projection is idempotent, so all of it again).
    const projections = { waitFor: async () => (await project(), true) } as unknown as LedgerProjectionsHost;
    sweeper = new EvidenceSweeper(events, reads, { ...DEFAULT_EVIDENCE_SETTINGS, sweepIntervalSeconds: 0 }, projections, blobs);
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function upload(evidenceId: string, at: string, ownerId = 'learner-1'): Promise<void> {
    const ctx: CommandContext = { actor: ownerId, correlationId: `c-${evidenceId}`, now: at };
    const command: RegisterEvidence = {
      type: 'RegisterEvidence',
      evidenceId,
      ownerId,
      sha256: SHA,
      mediaType: 'image/png',
      size: 10,
      storage: { usedBytes: 0, quotaBytes: DEFAULT_EVIDENCE_SETTINGS.quotaBytes },
      now: at,
    };
    await blobs.put(evidenceId, Buffer.from(evidenceId));
    await executeCommand(events, evidenceStreamId(evidenceId), evidenceDecider, command, ctx);
  }

  const attach = (evidenceId: string, achievementId: string, at: string) =>
    executeCommand(events, evidenceStreamId(evidenceId), evidenceDecider, { type: 'AttachEvidence', evidenceId, ownerId: 'learner-1', achievementId, now: at }, { actor: 'learner-1', correlationId: 'c', now: at });
  const typesOf = async (evidenceId: string) => (await events.readStream(evidenceStreamId(evidenceId))).map((e) => e.type);
  const stored = (evidenceId: string) => existsSync(join(dir, 'evidence', evidenceId));

  it('expires what is due, keeps what is not, and keeps a file attached after the read model last saw it', async () => {
    await upload('due', T0);
    await upload('raced', T0);
    await upload('young', '2025-03-01T20:00:00.000Z');
    await project();
    // Attached after the projection ran: the read model still lists it as idle since T0.
    await attach('raced', 'a-1', '2025-03-02T07:59:00.000Z');

    expect(await sweeper.sweep(DAY_LATER)).toBe(1);
    expect(await typesOf('due')).toEqual(['EvidenceRegistered', 'EvidenceExpired']);
    expect(await typesOf('raced')).toEqual(['EvidenceRegistered', 'EvidenceAttached']);
    expect(await typesOf('young')).toEqual(['EvidenceRegistered']);
    expect([stored('due'), stored('raced'), stored('young')]).toEqual([false, true, true]);
  });

  it('changes nothing when swept again (a replay, another replica), and still deletes bytes a stopped sweep left', async () => {
    await upload('due', T0);
    await project();
    expect(await sweeper.sweep(DAY_LATER)).toBe(1);
    // As if the first sweep had stopped between the event and the delete, with a stale read model.
    await blobs.put('due', Buffer.from('left behind'));
    await reads.collection('ledger_evidence_v2').clear();
    await reads.checkpoints.store(projection.name, 0);
    await projection.apply((await events.readAll()).slice(0, 1), reads);
    expect(await sweeper.sweep(new Date(DAY_LATER.getTime() + 60_000))).toBe(0);
    expect(await typesOf('due')).toEqual(['EvidenceRegistered', 'EvidenceExpired']);
    expect(stored('due')).toBe(false);
  });

  it('goes through more files than one query returns, oldest idle first', async () => {
    for (let i = 0; i < 230; i++) await upload(`f-${String(i).padStart(3, '0')}`, new Date(Date.parse(T0) + i * 1000).toISOString());
    await project();
    expect(await sweeper.sweep(new Date(DAY_LATER.getTime() + 150_000))).toBe(151);
    expect(await typesOf('f-150')).toEqual(['EvidenceRegistered', 'EvidenceExpired']);
    expect(await typesOf('f-151')).toEqual(['EvidenceRegistered']);
    expect(await sweeper.sweep(new Date(DAY_LATER.getTime() + 400_000))).toBe(79);
  });
});
