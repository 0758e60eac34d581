import { EvidenceEvent } from '@credit-bank/ledger-domain';
import { CommandContext, toNewEvents } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVIDENCE_COLLECTION, EVIDENCE_USAGE_COLLECTION, EvidenceDocument, EvidenceProjection, EvidenceUsageDocument } from './evidence.projection';

const ctx: CommandContext = { actor: 'learner-1', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
const SHA = 'c'.repeat(64);
const registered = (evidenceId: string, ownerId: string, size: number, at: string): EvidenceEvent => ({
  type: 'EvidenceRegistered',
  data: { evidenceId, ownerId, sha256: SHA, mediaType: 'image/png', size, registeredAt: at },
});

describe('evidence projection (files, idle times, storage per learner)', () => {
  let dir: string;
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  const projection = new EvidenceProjection();

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evidence-projection-'));
    events = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    reads = new SqliteReadStore({ filename: join(dir, 'reads.sqlite') });
    const append = (streamId: string, list: EvidenceEvent[], expectedRevision: number | 'no_stream') => events.append(streamId, toNewEvents(list, ctx), { expectedRevision });
    await append('ledger.evidence-e-1', [registered('e-1', 'learner-1', 100, '2025-03-01T08:00:00.000Z')], 'no_stream');
    await append('ledger.evidence-e-2', [registered('e-2', 'learner-1', 30, '2025-03-01T09:00:00.000Z')], 'no_stream');
    await append('ledger.evidence-e-3', [registered('e-3', 'learner-2', 7, '2025-03-01T10:00:00.000Z')], 'no_stream');
    await append('ledger.evidence-e-2', [{ type: 'EvidenceAttached', data: { evidenceId: 'e-2', achievementId: 'a-1', attachedAt: '2025-03-01T09:30:00.000Z' } }], 0);
    await append('ledger.evidence-e-3', [{ type: 'EvidenceAttached', data: { evidenceId: 'e-3', achievementId: 'a-2', attachedAt: '2025-03-01T10:30:00.000Z' } }], 0);
    await append('ledger.evidence-e-3', [{ type: 'EvidenceDetached', data: { evidenceId: 'e-3', achievementId: 'a-2', detachedAt: '2025-03-02T10:00:00.000Z' } }], 1);
    await append(
      'ledger.evidence-e-1',
      [{ type: 'EvidenceExpired', data: { evidenceId: 'e-1', ownerId: 'learner-1', size: 100, idleSince: '2025-03-01T08:00:00.000Z', expiredAt: '2025-03-02T08:10:00.000Z' } }],
      0,
    );
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const state = async () => ({
    files: await reads.collection<EvidenceDocument>(EVIDENCE_COLLECTION).find({ sort: [['id', 'asc']] }),
    usage: await reads.collection<EvidenceUsageDocument>(EVIDENCE_USAGE_COLLECTION).find({ sort: [['id', 'asc']] }),
  });

  it('forgets an expired file, keeps when each other file went idle, and sums what each learner stores', async () => {
    await projection.apply(await events.readAll(), reads);
    const { files, usage } = await state();
    expect(files).toEqual([
      expect.objectContaining({ id: 'e-2', ownerId: 'learner-1', attachedTo: 'a-1', attached: true, idleSince: null }),
      expect.objectContaining({ id: 'e-3', ownerId: 'learner-2', attachedTo: null, attached: false, idleSince: '2025-03-02T10:00:00.000Z' }),
    ]);
    expect(usage).toEqual([expect.objectContaining({ id: 'learner-1', bytes: 30, files: 1 }), expect.objectContaining({ id: 'learner-2', bytes: 7, files: 1 })]);
  });

  it('answers the sweep’s query (unattached, oldest idle first) from its index', async () => {
    await projection.apply(await events.readAll(), reads);
    const idle = await reads.collection<EvidenceDocument>(EVIDENCE_COLLECTION).find({ where: { attached: false }, sort: [['idleSince', 'asc']], limit: 10 });
    expect(idle.map((f) => f.id)).toEqual(['e-3']);
    expect(projection.indexes).toContainEqual({ collection: EVIDENCE_COLLECTION, fields: ['attached', 'idleSince'] });
  });

  it('applied twice gives the same files and sums', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const once = await state();
    await projection.apply(history, reads);
    expect(await state()).toEqual(once);
  });

  it('one event at a time gives what one batch gives (an expired file stays deleted)', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const batched = await state();
    await reads.collection(EVIDENCE_COLLECTION).clear();
    await reads.collection(EVIDENCE_USAGE_COLLECTION).clear();
    for (const event of history) await projection.apply([event], reads);
    expect(await state()).toEqual(batched);
    for (const event of history) await projection.apply([event], reads);
    expect(await state()).toEqual(batched);
  });
});
