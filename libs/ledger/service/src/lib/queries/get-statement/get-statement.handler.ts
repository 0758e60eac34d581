import { StatementView } from '@credit-bank/contracts';
import { achievementStreamId, learningAccountAsOf, learningAccountStreamId, LedgerErrorCodes, statementInstant } from '@credit-bank/ledger-domain';
import { DomainError, EVENT_STORE, EventStore, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ACHIEVEMENTS_COLLECTION, AchievementDocument } from '../../projections/achievements/achievements.projection';
import { LearnersDirectory } from '../../projections/learners/learners-directory';
import { GetStatementQuery } from './get-statement.query';

/**
 * 成绩单 as of a moment: time travel over the event streams, not the current read model. The
 * learner's achievement ids come from ledger_achievements (an achievement once submitted is never
 * deleted, so every recognised one is there); their streams and the learning account's stream are
 * read and only the events decided at or before `asOf` are folded.
 */
@QueryHandler(GetStatementQuery)
export class GetStatementHandler implements IQueryHandler<GetStatementQuery, StatementView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute({ criteria, meta }: GetStatementQuery): Promise<StatementView> {
    const actor = requireActor(meta, 'learner');
    const now = contextOf(meta).now;
    const asOf = criteria.asOf === undefined ? new Date(now) : statementInstant(criteria.asOf);
    if (!asOf) {
      throw new DomainError(LedgerErrorCodes.STATEMENT_AS_OF_INVALID, 'validation', 'asOf must be a date (YYYY-MM-DD) or an ISO date-time.', undefined, [
        { field: 'asOf', code: LedgerErrorCodes.STATEMENT_AS_OF_INVALID, message: 'expected YYYY-MM-DD or an ISO-8601 date-time' },
      ]);
    }
    const owned = await this.readStore.collection<AchievementDocument>(ACHIEVEMENTS_COLLECTION).find({ where: { ownerId: actor.accountId } });
    const streams = await Promise.all(owned.map((doc) => this.store.readStream(achievementStreamId(doc.id))));
    const account = await this.store.readStream(learningAccountStreamId(actor.accountId));
    const balance = learningAccountAsOf(streams, account, asOf);
    return { learnerId: actor.accountId, ...(await this.learners.labelOf(actor.accountId)), asOf: asOf.toISOString(), generatedAt: now, ...balance };
  }
}
