import { ReviewView } from '@credit-bank/contracts';
import { achievementNotFound } from '@credit-bank/ledger-domain';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertificateClaims } from '../../certificates/certificate-claims';
import { ReviewSteps } from '../../commands/review-step';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument } from '../../projections/achievements/achievements.projection';
import { LearnersDirectory } from '../../projections/learners/learners-directory';
import { toReviewView } from '../review-views';
import { GetReviewQuery } from './get-review.query';

/**
 * One request in full, to reviewers of the directory institution it was submitted to (by id);
 * anything else is the same 404. It lists other learners' achievements of the same certificate.
 */
@QueryHandler(GetReviewQuery)
export class GetReviewHandler implements IQueryHandler<GetReviewQuery, ReviewView> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly steps: ReviewSteps,
    private readonly learners: LearnersDirectory,
    private readonly certificates: CertificateClaims,
  ) {}

  async execute({ payload, meta }: GetReviewQuery): Promise<ReviewView> {
    const reviewer = await this.steps.reviewer(meta);
    const doc = await this.readStore.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION).get(payload.id);
    if (!doc || !doc.submittedAt || doc.responsibleInstitutionId !== reviewer.institutionId) throw achievementNotFound();
    return toReviewView(doc, await this.learners.labelOf(doc.ownerId), await this.certificates.possibleDuplicates(doc, doc.ownerId));
  }
}
