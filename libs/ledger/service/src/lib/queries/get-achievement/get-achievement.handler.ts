import { AchievementView } from '@credit-bank/contracts';
import { achievementNotFound } from '@credit-bank/ledger-domain';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument } from '../../projections/achievements/achievements.projection';
import { LearnersDirectory } from '../../projections/learners/learners-directory';
import { toView } from '../achievement-views';
import { GetAchievementQuery } from './get-achievement.query';

/** One achievement, to its owner only: someone else's, a deleted and an unknown one are the same 404. */
@QueryHandler(GetAchievementQuery)
export class GetAchievementHandler implements IQueryHandler<GetAchievementQuery, AchievementView> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute({ payload, meta }: GetAchievementQuery): Promise<AchievementView> {
    const actor = requireActor(meta, 'learner');
    const doc = await this.readStore.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION).get(payload.id);
    if (!doc || doc.ownerId !== actor.accountId) throw achievementNotFound();
    return toView(doc, await this.learners.nameOf(actor.accountId));
  }
}
