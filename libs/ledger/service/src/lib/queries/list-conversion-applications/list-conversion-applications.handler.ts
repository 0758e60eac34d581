import { ConversionApplicationsPage, pageOf } from '@credit-bank/contracts';
import { READ_STORE, ReadStore, Scalar } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { toApplicationView } from '../../conversion/conversion-views';
import { LearnersDirectory } from '../../projections/learners/learners-directory';
import { CONVERSION_APPLICATIONS_COLLECTION, ConversionApplicationDocument } from '../../projections/learning-accounts/learning-accounts.projection';
import { ListConversionApplicationsQuery } from './list-conversion-applications.query';

/** The learner's own conversion applications, newest first. */
@QueryHandler(ListConversionApplicationsQuery)
export class ListConversionApplicationsHandler implements IQueryHandler<ListConversionApplicationsQuery, ConversionApplicationsPage> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute({ criteria, meta }: ListConversionApplicationsQuery): Promise<ConversionApplicationsPage> {
    const actor = requireActor(meta, 'learner');
    const { page, pageSize, skip } = pageOf(criteria);
    const where: Record<string, Scalar> = { learnerId: actor.accountId, ...(criteria.status ? { status: criteria.status } : {}) };
    const collection = this.readStore.collection<ConversionApplicationDocument>(CONVERSION_APPLICATIONS_COLLECTION);
    const [docs, total, name] = await Promise.all([collection.find({ where, sort: [['appliedSeq', 'desc']], skip, limit: pageSize }), collection.count({ where }), this.learners.labelOf(actor.accountId)]);
    return { items: docs.map((doc) => toApplicationView(doc, name)), total, page, pageSize };
  }
}
