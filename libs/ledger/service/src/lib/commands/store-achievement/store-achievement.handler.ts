import { AchievementRevisionResponse, LEDGER_PATTERNS } from '@credit-bank/contracts';
import { achievementDecider, achievementStreamId, AchievementDetails, StoreAchievement } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { commandScopedId, contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogLookup } from '../../catalog/catalog-lookup';
import { CertificateClaims } from '../../certificates/certificate-claims';
import { EvidenceClaims } from '../../evidence/evidence-claims';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { optionalText } from '../optional-text';
import { StoreAchievementCommand } from './store-achievement.command';

/**
 * 成果添加: resolve the source against the catalogue (entry exists, same category; or a type of
 * the category for hand-entered ones, and the institution picked from the directory), check the
 * domain rules, claim the evidence and the certificate (one learner stores a certificate once),
 * append. A refused append releases both claims.
 */
@CommandHandler(StoreAchievementCommand)
export class StoreAchievementHandler implements ICommandHandler<StoreAchievementCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: CatalogLookup,
    private readonly claims: EvidenceClaims,
    private readonly certificates: CertificateClaims,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: StoreAchievementCommand): Promise<AchievementRevisionResponse> {
    const actor = requireActor(meta, 'learner');
    const ctx = contextOf(meta);
    // The same for every delivery of one idempotency key: a delivery that takes over a run that
    // died finds the achievement that run stored (below) instead of storing a second one.
    const achievementId = commandScopedId(meta, LEDGER_PATTERNS.storeAchievement, 'achievement');
    const stored = await loadStream(this.store, achievementStreamId(achievementId), achievementDecider);
    if (stored.state.status !== 'absent') {
      return this.projections.settle(stored.events[0]?.position, { id: achievementId, revision: stored.events[0]?.revision ?? 0 });
    }
    const source = await this.catalog.resolve(
      payload.category,
      payload.custom ? { custom: payload.custom } : { catalogItemId: payload.catalogItemId ?? '' },
      meta,
    );
    const details: AchievementDetails = {
      ...source,
      certificateNumber: payload.certificateNumber,
      issueDate: payload.issueDate,
      certificateLevel: optionalText(payload.certificateLevel),
      occupation: optionalText(payload.occupation),
      educationLevel: optionalText(payload.educationLevel),
      evidenceId: payload.evidenceId,
      description: optionalText(payload.description),
    };
    const command: StoreAchievement = { type: 'StoreAchievement', achievementId, ownerId: actor.accountId, details, now: ctx.now };
    // The domain rules first (pure), so a refused achievement claims no evidence.
    achievementDecider.decide(command, achievementDecider.initialState);
    await this.claims.attach(details.evidenceId, actor.accountId, achievementId, ctx);
    let result;
    try {
      await this.certificates.claim(details, actor.accountId, achievementId, ctx);
    } catch (error) {
      await this.claims.detach(details.evidenceId, achievementId, ctx);
      throw error;
    }
    try {
      result = await executeCommand(this.store, achievementStreamId(achievementId), achievementDecider, command, ctx);
    } catch (error) {
      await this.certificates.release(details, achievementId, ctx);
      await this.claims.detach(details.evidenceId, achievementId, ctx);
      throw error;
    }
    // Stored either way; if the read model has not caught up in time the answer says so (202).
    return this.projections.settle(result.position, { id: achievementId, revision: result.revision });
  }
}
