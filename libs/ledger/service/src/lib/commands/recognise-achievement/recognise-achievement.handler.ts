import { ReviewDecisionResponse } from '@credit-bank/contracts';
import { achievementDecider, AchievementState, achievementStreamId, achievementSummary } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, loadStream } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogLookup } from '../../catalog/catalog-lookup';
import { CertificateClaims } from '../../certificates/certificate-claims';
import { ReviewSteps } from '../review-step';
import { RecogniseAchievementCommand } from './recognise-achievement.command';

/**
 * 认定通过: level, category, type and credits default from the catalogue snapshot the learner
 * stored (category and type from the achievement itself); when the reviewer changes the category
 * or the type, the catalogue is asked whether the type belongs to the category. Other learners
 * holding the same certificate are possible duplicates: the decider wants `duplicateReason` then.
 */
@CommandHandler(RecogniseAchievementCommand)
export class RecogniseAchievementHandler implements ICommandHandler<RecogniseAchievementCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly steps: ReviewSteps,
    private readonly catalog: CatalogLookup,
    private readonly certificates: CertificateClaims,
  ) {}

  async execute({ payload, meta }: RecogniseAchievementCommand): Promise<ReviewDecisionResponse> {
    const { id, frameworkLevel, category, type, credits, comment, duplicateReason } = payload;
    const { state } = await loadStream(this.store, achievementStreamId(id), achievementDecider);
    const possibleDuplicates = state.status === 'absent' || state.status === 'withdrawn' ? [] : await this.certificates.possibleDuplicates(state.details, state.ownerId);
    const changesClassification = category !== undefined || type !== undefined;
    return this.steps.run(
      meta,
      id,
      (reviewer, now) => ({
        type: 'RecogniseAchievement',
        achievementId: id,
        reviewer,
        ...(frameworkLevel !== undefined ? { frameworkLevel } : {}),
        ...(category !== undefined ? { category } : {}),
        ...(type !== undefined ? { achievementType: type } : {}),
        ...(credits !== undefined ? { credits } : {}),
        ...(comment ? { comment } : {}),
        possibleDuplicates,
        ...(duplicateReason ? { duplicateReason } : {}),
        now,
      }),
      changesClassification
        ? async (state: AchievementState) => {
            if (state.status === 'absent' || state.status === 'withdrawn') return;
            const finalCategory = category ?? state.details.category;
            const finalType = type ?? achievementSummary(state.details).type;
            if (finalCategory === state.details.category && finalType === achievementSummary(state.details).type) return;
            await this.catalog.assertTypeInCategory(finalCategory, finalType, 'type', meta);
          }
        : undefined,
    );
  }
}
