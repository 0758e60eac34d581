import { ReviewDecisionResponse } from '@credit-bank/contracts';
import { AchievementState, achievementSummary } from '@credit-bank/ledger-domain';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogLookup } from '../../catalog/catalog-lookup';
import { ReviewSteps } from '../review-step';
import { RecogniseAchievementCommand } from './recognise-achievement.command';

/**
 * 认定通过: level, category, type and credits default from the catalogue snapshot the learner
 * stored (category and type from the achievement itself); when the reviewer changes the category
 * or the type, the catalogue is asked whether the type belongs to the category.
 */
@CommandHandler(RecogniseAchievementCommand)
export class RecogniseAchievementHandler implements ICommandHandler<RecogniseAchievementCommand> {
  constructor(
    private readonly steps: ReviewSteps,
    private readonly catalog: CatalogLookup,
  ) {}

  execute({ payload, meta }: RecogniseAchievementCommand): Promise<ReviewDecisionResponse> {
    const { id, frameworkLevel, category, type, credits, comment } = payload;
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
