import { InboxPage, pageOf } from '@credit-bank/contracts';
import { READ_STORE, ReadStore, Scalar } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InboxAddressee } from '../../conversion/inbox-addressee';
import { toMessageView } from '../../conversion/conversion-views';
import { INBOX_COLLECTION, INBOX_COUNTS_COLLECTION, InboxCountsDocument, InboxDocument } from '../../projections/inbox/inbox.projection';
import { ListInboxQuery } from './list-inbox.query';

/** 收件箱: the caller's messages (a learner's, or the caller's institution's), newest first. */
@QueryHandler(ListInboxQuery)
export class ListInboxHandler implements IQueryHandler<ListInboxQuery, InboxPage> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly addressee: InboxAddressee,
  ) {}

  async execute({ criteria, meta }: ListInboxQuery): Promise<InboxPage> {
    const addressees = await this.addressee.of(meta);
    const { page, pageSize, skip } = pageOf(criteria);
    const where: Record<string, Scalar | Scalar[]> = { addressee: addressees, ...(criteria.unread === true ? { read: false } : criteria.unread === false ? { read: true } : {}) };
    const collection = this.readStore.collection<InboxDocument>(INBOX_COLLECTION);
    // The counts as the projection keeps them per addressee: a page never counts the messages.
    const [docs, counted] = await Promise.all([
      collection.find({ where, sort: [['createdSeq', 'desc']], skip, limit: pageSize }),
      this.readStore.collection<InboxCountsDocument>(INBOX_COUNTS_COLLECTION).getMany(addressees),
    ]);
    const all = counted.reduce((sum, c) => sum + c.total, 0);
    const unread = counted.reduce((sum, c) => sum + c.unread, 0);
    const total = criteria.unread === true ? unread : criteria.unread === false ? all - unread : all;
    return { items: docs.map(toMessageView), total, unread, page, pageSize };
  }
}
