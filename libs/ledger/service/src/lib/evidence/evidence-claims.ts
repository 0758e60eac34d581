import { achievementDecider, achievementStreamId, evidenceDecider, EvidenceHolder, evidenceStreamId } from '@credit-bank/ledger-domain';
import { assertNever, CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Inject, Injectable, Logger } from '@nestjs/common';

/**
 * An evidence file backs at most one active achievement. Before an achievement is stored (or
 * amended to other evidence) its handler claims the file in the evidence stream, with that
 * stream's expected revision, so two achievements cannot both win; the claim is released when the
 * achievement is withdrawn, moves to other evidence, or its own append fails. If the process dies
 * between the two appends, the next claim finds the holder gone (or no longer using the file) and
 * takes the file over (see EVIDENCE_CLAIM_GRACE_SECONDS).
 */
@Injectable()
export class EvidenceClaims {
  private readonly logger = new Logger(EvidenceClaims.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Claims the owner's evidence for the achievement; refuses EVIDENCE_UNKNOWN (400) or EVIDENCE_IN_USE (409). Returns the position appended, if any. */
  async attach(evidenceId: string, ownerId: string, achievementId: string, ctx: CommandContext): Promise<number | undefined> {
    const stream = evidenceStreamId(evidenceId);
    const { state } = await loadStream(this.store, stream, evidenceDecider);
    let holder: EvidenceHolder | undefined;
    if (state.status === 'registered' && state.ownerId === ownerId && state.attachedTo && state.attachedTo !== achievementId) {
      holder = { achievementId: state.attachedTo, status: await this.holderStatus(state.attachedTo, evidenceId) };
    }
    const result = await executeCommand(this.store, stream, evidenceDecider, { type: 'AttachEvidence', evidenceId, ownerId, achievementId, holder, now: ctx.now }, ctx);
    return result.position;
  }

  /** Releases the claim if this achievement holds it. Never throws: a claim left behind is released by the next attach. */
  async detach(evidenceId: string, achievementId: string, ctx: CommandContext): Promise<number | undefined> {
    try {
      const result = await executeCommand(this.store, evidenceStreamId(evidenceId), evidenceDecider, { type: 'DetachEvidence', evidenceId, achievementId, now: ctx.now }, ctx);
      return result.position;
    } catch (error) {
      this.logger.warn(`Could not release evidence ${evidenceId} from achievement ${achievementId}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  private async holderStatus(achievementId: string, evidenceId: string): Promise<EvidenceHolder['status']> {
    const { state } = await loadStream(this.store, achievementStreamId(achievementId), achievementDecider);
    switch (state.status) {
      case 'absent':
        return 'absent';
      case 'withdrawn':
        return 'withdrawn';
      case 'stored':
      case 'awaiting-routing':
      case 'submitted':
      case 'under-review':
      case 'recognised':
      case 'rejected':
      case 'returned':
      case 'revoked':
        return state.details.evidenceId === evidenceId ? 'uses-it' : 'uses-other';
      default:
        return assertNever(state, 'achievement state');
    }
  }
}
