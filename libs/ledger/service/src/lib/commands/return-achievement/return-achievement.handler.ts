import { ReviewDecisionResponse } from '@credit-bank/contracts';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReviewSteps } from '../review-step';
import { ReturnAchievementCommand } from './return-achievement.command';

/** 退回修改: back to the learner with the reason; the learner may amend and submit again. */
@CommandHandler(ReturnAchievementCommand)
export class ReturnAchievementHandler implements ICommandHandler<ReturnAchievementCommand> {
  constructor(private readonly steps: ReviewSteps) {}

  execute({ payload, meta }: ReturnAchievementCommand): Promise<ReviewDecisionResponse> {
    return this.steps.run(meta, payload.id, (reviewer, now) => ({ type: 'ReturnAchievement', achievementId: payload.id, reviewer, reason: payload.reason, now }));
  }
}
