import { AchievementsPage, pageOf } from '@credit-bank/contracts';
import { READ_STORE, ReadQuery, ReadStore, Scalar } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument } from '../../projections/achievements/achievements.projection';
import { LearnersDirectory } from '../../projections/learners/learners-directory';
import { toListItem } from '../achievement-views';
import { ListAchievementsQuery } from './list-achievements.query';

/** 认定成果管理: the learner's own achievements, newest first, filtered by name, category and type. */
@QueryHandler(ListAchievementsQuery)
export class ListAchievementsHandler implements IQueryHandler<ListAchievementsQuery, AchievementsPage> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute({ criteria, meta }: ListAchievementsQuery): Promise<AchievementsPage> {
    const actor = requireActor(meta, 'learner');
    const { page, pageSize, skip } = pageOf(criteria);
    const where: Record<string, Scalar> = { ownerId: actor.accountId };
    if (criteria.category) where.category = criteria.category;
    if (criteria.type) where.type = criteria.type;
    const filter: Pick<ReadQuery, 'where' | 'search'> = { where, ...(criteria.q ? { search: { fields: ['achievementName'], text: criteria.q } } : {}) };
    const collection = this.readStore.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION);
    const [docs, total, name] = await Promise.all([
      collection.find({ ...filter, sort: [['addedSeq', 'desc']], skip, limit: pageSize }),
      collection.count(filter),
      this.learners.nameOf(actor.accountId),
    ]);
    return { items: docs.map((doc, i) => toListItem(doc, skip + i + 1, name)), total, page, pageSize };
  }
}
