import { EvidenceRegisteredResponse } from '@credit-bank/contracts';
import { detectEvidenceMediaType, evidenceDecider, evidenceStreamId, EvidenceMediaType } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { RegisterEvidenceCommand } from './register-evidence.command';

/** Records an uploaded file (already in the blob store) as the learner's evidence, after recognising its type. */
@CommandHandler(RegisterEvidenceCommand)
export class RegisterEvidenceHandler implements ICommandHandler<RegisterEvidenceCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: RegisterEvidenceCommand): Promise<EvidenceRegisteredResponse> {
    const actor = requireActor(meta, 'learner');
    const ctx = contextOf(meta);
    const mediaType = detectEvidenceMediaType(Buffer.from(payload.head, 'base64'));
    const result = await executeCommand(
      this.store,
      evidenceStreamId(payload.evidenceId),
      evidenceDecider,
      { type: 'RegisterEvidence', evidenceId: payload.evidenceId, ownerId: actor.accountId, sha256: payload.sha256, mediaType, size: payload.size, now: ctx.now },
      ctx,
    );
    await this.projections.waitFor(result.position);
    return { id: payload.evidenceId, sha256: payload.sha256, mediaType: mediaType as EvidenceMediaType, size: payload.size };
  }
}
