import { AchievementWithdrawnResponse } from '@credit-bank/contracts';
import { achievementDecider, achievementStreamId } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CertificateClaims } from '../../certificates/certificate-claims';
import { EvidenceClaims } from '../../evidence/evidence-claims';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { WithdrawAchievementCommand } from './withdraw-achievement.command';

/** 删除 (before submission only): the achievement leaves the list; its evidence and its certificate are released. */
@CommandHandler(WithdrawAchievementCommand)
export class WithdrawAchievementHandler implements ICommandHandler<WithdrawAchievementCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly claims: EvidenceClaims,
    private readonly certificates: CertificateClaims,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: WithdrawAchievementCommand): Promise<AchievementWithdrawnResponse> {
    const actor = requireActor(meta, 'learner');
    const ctx = contextOf(meta);
    const result = await executeCommand(
      this.store,
      achievementStreamId(payload.id),
      achievementDecider,
      { type: 'WithdrawAchievement', achievementId: payload.id, ownerId: actor.accountId, expectedRevision: payload.expectedRevision, now: ctx.now },
      ctx,
    );
    let position = result.position;
    if (result.state.status === 'withdrawn') position = (await this.claims.detach(result.state.evidenceId, payload.id, ctx)) ?? position;
    if (result.state.status === 'withdrawn' && result.state.details) position = (await this.certificates.release(result.state.details, payload.id, ctx)) ?? position;
    return this.projections.settle(position, { id: payload.id, withdrawn: true as const });
  }
}
