import { MessageMeta, ReviewDecisionResponse } from '@credit-bank/contracts';
import { AchievementCommand, achievementDecider, AchievementState, achievementStreamId, Official, Reviewer } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InstitutionsDirectory } from '../projections/institutions/institutions-directory';
import { LedgerProjectionsHost } from '../projections/ledger-projections.host';

/**
 * One step of a review (claim, recognise, reject, return), the same for each: the caller must be
 * an institution account the ledger knows as approved (403 otherwise), the decider refuses
 * another institution's or a missing request (404) and a decided, returned or colleague's one
 * (409). Appends go with the revision just read; on a conflict `executeCommand` reloads and the
 * decider decides again on the new state, so of two reviewers deciding at once one decision
 * stands and the other gets the decider's 409.
 */
@Injectable()
export class ReviewSteps {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly institutions: InstitutionsDirectory,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  /** The approved reviewer behind the caller. */
  async reviewer(meta: MessageMeta): Promise<Reviewer> {
    const actor = requireActor(meta, 'institution');
    return this.institutions.approvedReviewer(actor.accountId);
  }

  /** The caller as an official: 管理中心, or an approved reviewer linked to a directory institution. */
  async official(meta: MessageMeta): Promise<Official> {
    const actor = requireActor(meta, 'institution', 'admin');
    if (actor.role === 'admin') return { accountId: actor.accountId, role: 'admin', institutionId: null };
    const reviewer = await this.institutions.approvedReviewer(actor.accountId);
    return { accountId: reviewer.reviewerId, role: 'institution', institutionId: reviewer.institutionId };
  }

  /** Appends one command of an official or of 管理中心 (no reviewer), and waits for its projections. */
  async append(meta: MessageMeta, achievementId: string, command: AchievementCommand): Promise<ReviewDecisionResponse> {
    const result = await executeCommand(this.store, achievementStreamId(achievementId), achievementDecider, command, contextOf(meta));
    return this.projections.settle(result.position, { id: achievementId, status: result.state.status as ReviewDecisionResponse['status'], revision: result.revision });
  }

  /**
   * Runs the step. `precheck` runs after the decider accepted the command on the current state
   * (so 404/409/400 of the domain come first) and before anything is appended: the place for
   * checks that ask other services.
   */
  async run(
    meta: MessageMeta,
    achievementId: string,
    build: (reviewer: Reviewer, now: string) => AchievementCommand,
    precheck?: (state: AchievementState) => Promise<void>,
  ): Promise<ReviewDecisionResponse> {
    const reviewer = await this.reviewer(meta);
    const ctx = contextOf(meta);
    const stream = achievementStreamId(achievementId);
    const command = build(reviewer, ctx.now);
    if (precheck) {
      const loaded = await loadStream(this.store, stream, achievementDecider);
      achievementDecider.decide(command, loaded.state);
      await precheck(loaded.state);
    }
    const result = await executeCommand(this.store, stream, achievementDecider, command, ctx);
    return this.projections.settle(result.position, { id: achievementId, status: result.state.status as ReviewDecisionResponse['status'], revision: result.revision });
  }
}
