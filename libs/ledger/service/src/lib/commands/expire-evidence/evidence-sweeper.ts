import { evidenceDecider, evidenceStreamId } from '@credit-bank/ledger-domain';
import { BLOB_STORE, BlobStore, CommandContext, EVENT_STORE, EventStore, executeCommand, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVIDENCE_SETTINGS, EvidenceSettings } from '../../evidence/evidence-settings';
import { EVIDENCE_COLLECTION, EvidenceDocument } from '../../projections/evidence/evidence.projection';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';

/** Files looked at per query (oldest idle first, from the `attached, idleSince` index). */
const SWEEP_BATCH = 100;

/**
 * Evidence not attached to an achievement in time is deleted: every EVIDENCE_SWEEP_INTERVAL_SECONDS
 * the sweep reads the unattached files, oldest idle first, from the evidence read model and, for
 * each idle longer than EVIDENCE_UNATTACHED_MAX_AGE_SECONDS, appends EvidenceExpired to its stream
 * with the revision it read (the decider checks the stream, not the read model: a file attached
 * meanwhile, or expired by another replica's sweep, gets no event), then deletes the bytes from the
 * blob store. The projection deletes the file's document and gives its size back to the quota.
 * One sweep at a time per process; concurrent sweeps of several replicas are harmless.
 */
@Injectable()
export class EvidenceSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EvidenceSweeper.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVIDENCE_SETTINGS) private readonly settings: EvidenceSettings,
    private readonly projections: LedgerProjectionsHost,
    @Optional() @Inject(BLOB_STORE) private readonly blobs?: BlobStore,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.sweepIntervalSeconds <= 0) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn(`Evidence sweep failed: ${error instanceof Error ? error.message : String(error)}`));
    }, this.settings.sweepIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Expires every file due at `now`; answers how many. A sweep already running is joined, not doubled. */
  sweep(now: Date = new Date()): Promise<number> {
    this.running ??= this.run(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(now: Date): Promise<number> {
    const maxAgeSeconds = this.settings.unattachedMaxAgeSeconds;
    const cutoff = new Date(now.getTime() - maxAgeSeconds * 1000).toISOString();
    const files = this.readStore.collection<EvidenceDocument>(EVIDENCE_COLLECTION);
    let expired = 0;
    for (;;) {
      const idle = await files.find({ where: { attached: false }, sort: [['idleSince', 'asc']], limit: SWEEP_BATCH });
      const due = idle.filter((file) => file.idleSince !== null && file.idleSince <= cutoff);
      let last: number | undefined;
      for (const file of due) {
        const ctx: CommandContext = { actor: 'system', correlationId: `evidence-sweep-${randomUUID()}`, now: now.toISOString() };
        const result = await executeCommand(this.store, evidenceStreamId(file.id), evidenceDecider, { type: 'ExpireEvidence', evidenceId: file.id, maxAgeSeconds, now: ctx.now }, ctx);
        // Expired now or before (by a sweep that stopped before deleting the bytes): the bytes go.
        if (result.state.status === 'expired') await this.blobs?.delete(file.id);
        if (result.position !== undefined) {
          expired += 1;
          last = result.position;
        }
      }
      // The next query must not meet the files just expired.
      if (last !== undefined) await this.projections.waitFor(last);
      // Done when the oldest idle file is not due, or when nothing due could be expired (attached meanwhile; the read model catches up).
      if (idle.length < SWEEP_BATCH || due.length < idle.length || last === undefined) break;
    }
    if (expired) this.logger.log(`Evidence sweep: ${expired} file(s) unattached for ${maxAgeSeconds} s deleted`);
    return expired;
  }
}
