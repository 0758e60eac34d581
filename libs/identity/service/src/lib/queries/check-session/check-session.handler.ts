import { SessionCheckResponse } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { sessionCheck, SESSIONS_COLLECTION, SessionsDocument } from '../../projections/sessions/sessions.projection';
import { CheckSessionQuery } from './check-session.query';

/**
 * Is the caller's token still good? One read of the account's sessions document by id (asked on
 * every authenticated request, so nothing more). The read model is shared by every identity
 * instance, and a sign-out or password change answers only after it is there.
 */
@QueryHandler(CheckSessionQuery)
export class CheckSessionHandler implements IQueryHandler<CheckSessionQuery> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ payload, meta }: CheckSessionQuery): Promise<SessionCheckResponse> {
    const actor = requireActor(meta);
    const doc = await this.readStore.collection<SessionsDocument>(SESSIONS_COLLECTION).get(actor.accountId);
    return sessionCheck(doc, payload.sessionId, payload.revision);
  }
}
