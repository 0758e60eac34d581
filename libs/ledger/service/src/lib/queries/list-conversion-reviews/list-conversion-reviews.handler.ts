import { ConversionApplicationsPage, pageOf } from '@credit-bank/contracts';
import { READ_STORE, ReadStore, Scalar } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toApplicationView } from '../../conversion/conversion-views';
import { InstitutionsDirectory } from '../../projections/institutions/institutions-directory';
import { LearnersDirectory } from '../../projections/learners/learners-directory';
import { CONVERSION_APPLICATIONS_COLLECTION, ConversionApplicationDocument } from '../../projections/learning-accounts/learning-accounts.projection';
import { ListConversionReviewsQuery } from './list-conversion-reviews.query';

/**
 * 转换审核: the applications whose target's awarding institution is the caller's (an approved
 * institution account, resolved in ledger_institutions), oldest first; only pending by default.
 */
@QueryHandler(ListConversionReviewsQuery)
export class ListConversionReviewsHandler implements IQueryHandler<ListConversionReviewsQuery, ConversionApplicationsPage> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly institutions: InstitutionsDirectory,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute({ criteria, meta }: ListConversionReviewsQuery): Promise<ConversionApplicationsPage> {
    const actor = requireActor(meta, 'institution');
    const reviewer = await this.institutions.approvedReviewer(actor.accountId);
    const { page, pageSize, skip } = pageOf(criteria);
    const where: Record<string, Scalar> = { awardingInstitutionId: reviewer.institutionId, status: criteria.status ?? 'pending' };
    const collection = this.readStore.collection<ConversionApplicationDocument>(CONVERSION_APPLICATIONS_COLLECTION);
    const [docs, total] = await Promise.all([collection.find({ where, sort: [['appliedSeq', 'asc']], skip, limit: pageSize }), collection.count({ where })]);
    const items = await Promise.all(docs.map(async (doc) => toApplicationView(doc, await this.learners.labelOf(doc.learnerId))));
    return { items, total, page, pageSize };
  }
}
