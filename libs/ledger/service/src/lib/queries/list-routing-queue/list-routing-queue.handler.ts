import { ListRoutingQueueDto, MessageMeta, pageOf, ReviewsPage } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument } from '../../projections/achievements/achievements.projection';
import { LearnerLabel, LearnersDirectory } from '../../projections/learners/learners-directory';
import { toReviewItem } from '../review-views';

/** 待分派: 管理中心's routing queue, oldest submission first; each row names the institution the learner gave. */
@Injectable()
export class ListRoutingQueueHandler {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute(criteria: ListRoutingQueueDto, meta: MessageMeta): Promise<ReviewsPage> {
    requireActor(meta, 'admin');
    const { page, pageSize, skip } = pageOf(criteria);
    const collection = this.readStore.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION);
    const where = { recognitionStatus: 'awaiting-routing' };
    const sort: Array<[string, 'asc' | 'desc']> = [
      ['submittedAt', 'asc'],
      ['id', 'asc'],
    ];
    const [docs, total] = await Promise.all([collection.find({ where, sort, skip, limit: pageSize }), collection.count({ where })]);
    const names = new Map<string, LearnerLabel>();
    for (const ownerId of new Set(docs.map((d) => d.ownerId))) names.set(ownerId, await this.learners.labelOf(ownerId));
    return { items: docs.map((doc, i) => toReviewItem(doc, skip + i + 1, names.get(doc.ownerId) ?? { learnerName: null, learnerErased: false })), total, page, pageSize };
  }
}
