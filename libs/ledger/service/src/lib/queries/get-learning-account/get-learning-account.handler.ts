import { LearningAccountView } from '@credit-bank/contracts';
import { emptyLearningAccount, learningAccountBalance } from '@credit-bank/ledger-domain';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { LEARNING_ACCOUNTS_COLLECTION, LearningAccountDocument } from '../../projections/learning-accounts/learning-accounts.projection';
import { GetLearningAccountQuery } from './get-learning-account.query';

/** 学习账户: the caller's recognised credits now, from ledger_learning_accounts. */
@QueryHandler(GetLearningAccountQuery)
export class GetLearningAccountHandler implements IQueryHandler<GetLearningAccountQuery, LearningAccountView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ meta }: GetLearningAccountQuery): Promise<LearningAccountView> {
    const actor = requireActor(meta, 'learner');
    const doc = await this.readStore.collection<LearningAccountDocument>(LEARNING_ACCOUNTS_COLLECTION).get(actor.accountId);
    const balance = doc ?? learningAccountBalance([], emptyLearningAccount);
    return {
      learnerId: actor.accountId,
      totals: balance.totals,
      byCategory: balance.byCategory,
      byFrameworkLevel: balance.byFrameworkLevel,
      achievements: balance.achievements,
      conversions: balance.conversions,
    };
  }
}
