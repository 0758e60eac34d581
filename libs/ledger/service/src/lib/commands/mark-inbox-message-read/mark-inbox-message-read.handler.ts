import { InboxMessageView } from '@credit-bank/contracts';
import { inboxDecider, inboxStreamId, LedgerErrorCodes } from '@credit-bank/ledger-domain';
import { DomainError, EVENT_STORE, EventStore, executeCommand, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { contextOf, pendingAnswer, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InboxAddressee } from '../../conversion/inbox-addressee';
import { toMessageView } from '../../conversion/conversion-views';
import { INBOX_COLLECTION, InboxDocument } from '../../projections/inbox/inbox.projection';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { MarkInboxMessageReadCommand } from './mark-inbox-message-read.command';

/** 标记已读: only the addressee may; anyone else's message is "not found". Reading twice is fine. */
@CommandHandler(MarkInboxMessageReadCommand)
export class MarkInboxMessageReadHandler implements ICommandHandler<MarkInboxMessageReadCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly addressee: InboxAddressee,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: MarkInboxMessageReadCommand): Promise<InboxMessageView> {
    const actor = requireActor(meta, 'learner', 'institution');
    const addressees = await this.addressee.of(meta);
    const collection = this.readStore.collection<InboxDocument>(INBOX_COLLECTION);
    const found = await collection.get(payload.id);
    if (!found || !addressees.includes(found.addressee)) throw new DomainError(LedgerErrorCodes.INBOX_MESSAGE_NOT_FOUND, 'not_found', 'No such message.');
    const ctx = contextOf(meta);
    const result = await executeCommand(this.store, inboxStreamId(actor.accountId), inboxDecider, { type: 'MarkInboxMessageRead', messageId: payload.id, readerId: actor.accountId, now: ctx.now }, ctx);
    const seen = await this.projections.waitFor(result.position);
    const view = toMessageView((await collection.get(payload.id)) ?? found);
    return seen ? view : pendingAnswer(view);
  }
}
