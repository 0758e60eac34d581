import { EvidenceRegisteredResponse } from '@credit-bank/contracts';
import { detectEvidenceMediaType, evidenceDecider, evidenceStreamId, EvidenceMediaType } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVIDENCE_SETTINGS, EvidenceSettings } from '../../evidence/evidence-settings';
import { EVIDENCE_USAGE_COLLECTION, EvidenceUsageDocument } from '../../projections/evidence/evidence.projection';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { RegisterEvidenceCommand } from './register-evidence.command';

/**
 * Records an uploaded file (already parsed by the gateway and in the blob store) as the learner's
 * evidence, after recognising its type and checking the learner's storage quota. One learner's
 * registrations run one after the other in this process, each waiting for its projection, so
 * parallel uploads cannot all pass the quota on the same stale sum (with several ledger replicas
 * they can overshoot it by what is in flight on the others).
 */
@CommandHandler(RegisterEvidenceCommand)
export class RegisterEvidenceHandler implements ICommandHandler<RegisterEvidenceCommand> {
  private readonly perOwner = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVIDENCE_SETTINGS) private readonly settings: EvidenceSettings,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: RegisterEvidenceCommand): Promise<EvidenceRegisteredResponse> {
    const actor = requireActor(meta, 'learner');
    return this.oneAtATime(actor.accountId, async () => {
      const ctx = contextOf(meta);
      const mediaType = detectEvidenceMediaType(Buffer.from(payload.head, 'base64'));
      const usage = await this.readStore.collection<EvidenceUsageDocument>(EVIDENCE_USAGE_COLLECTION).get(actor.accountId);
      const storage = { usedBytes: usage?.bytes ?? 0, quotaBytes: this.settings.quotaBytes };
      const result = await executeCommand(
        this.store,
        evidenceStreamId(payload.evidenceId),
        evidenceDecider,
        { type: 'RegisterEvidence', evidenceId: payload.evidenceId, ownerId: actor.accountId, sha256: payload.sha256, mediaType, size: payload.size, storage, now: ctx.now },
        ctx,
      );
      return this.projections.settle(result.position, { id: payload.evidenceId, sha256: payload.sha256, mediaType: mediaType as EvidenceMediaType, size: payload.size });
    });
  }

  private oneAtATime<T>(ownerId: string, task: () => Promise<T>): Promise<T> {
    const run = (this.perOwner.get(ownerId) ?? Promise.resolve()).then(task);
    const settled = run.catch(() => undefined);
    this.perOwner.set(ownerId, settled);
    void settled.then(() => {
      if (this.perOwner.get(ownerId) === settled) this.perOwner.delete(ownerId);
    });
    return run;
  }
}
