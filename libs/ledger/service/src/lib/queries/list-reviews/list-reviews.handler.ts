import { OPEN_REVIEW_STATUSES, pageOf, ReviewsPage } from '@credit-bank/contracts';
import { todayAt } from '@credit-bank/ledger-domain';
import { READ_STORE, ReadQuery, ReadStore, Scalar } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReviewSteps } from '../../commands/review-step';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument } from '../../projections/achievements/achievements.projection';
import { LearnerLabel, LearnersDirectory } from '../../projections/learners/learners-directory';
import { toReviewItem } from '../review-views';
import { ListReviewsQuery } from './list-reviews.query';

/**
 * 认定审核: the requests submitted to the reviewer's institution, oldest submission first, by
 * status (default: submitted and under-review), category and submission day (China time).
 * The read-store port filters by equality only, so a day range is applied here over the
 * institution's matching requests, in submission order.
 */
@QueryHandler(ListReviewsQuery)
export class ListReviewsHandler implements IQueryHandler<ListReviewsQuery, ReviewsPage> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly steps: ReviewSteps,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute({ criteria, meta }: ListReviewsQuery): Promise<ReviewsPage> {
    const reviewer = await this.steps.reviewer(meta);
    const { page, pageSize, skip } = pageOf(criteria);
    const where: Record<string, Scalar | Scalar[]> = {
      responsibleInstitutionId: reviewer.institutionId,
      recognitionStatus: criteria.status ? criteria.status : [...OPEN_REVIEW_STATUSES],
    };
    if (criteria.category) where.category = criteria.category;
    const filter: Pick<ReadQuery, 'where'> = { where };
    const sort: ReadQuery['sort'] = [
      ['submittedAt', 'asc'],
      ['id', 'asc'],
    ];
    const collection = this.readStore.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION);
    let docs;
    let total: number;
    if (criteria.submittedFrom || criteria.submittedTo) {
      const from = criteria.submittedFrom ?? '0000-01-01';
      const to = criteria.submittedTo ?? '9999-12-31';
      const inRange = (await collection.find({ ...filter, sort })).filter((d) => {
        const day = d.submittedAt ? todayAt(d.submittedAt) : '';
        return day >= from && day <= to;
      });
      total = inRange.length;
      docs = inRange.slice(skip, skip + pageSize);
    } else {
      [docs, total] = await Promise.all([collection.find({ ...filter, sort, skip, limit: pageSize }), collection.count(filter)]);
    }
    const names = new Map<string, LearnerLabel>();
    for (const ownerId of new Set(docs.map((d) => d.ownerId))) names.set(ownerId, await this.learners.labelOf(ownerId));
    return { items: docs.map((doc, i) => toReviewItem(doc, skip + i + 1, names.get(doc.ownerId) ?? { learnerName: null, learnerErased: false })), total, page, pageSize };
  }
}
