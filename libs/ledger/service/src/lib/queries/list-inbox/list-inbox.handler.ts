import { InboxPage, pageOf } from '@credit-bank/contracts';
import { READ_STORE, ReadStore, Scalar } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InboxAddressee } from '../../conversion/inbox-addressee';
import { toMessageView } from '../../conversion/conversion-views';
import { INBOX_COLLECTION, InboxDocument } from '../../projections/inbox/inbox.projection';
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
    const [docs, total, unread] = await Promise.all([
      collection.find({ where, sort: [['createdSeq', 'desc']], skip, limit: pageSize }),
      collection.count({ where }),
      collection.count({ where: { addressee: addressees, read: false } }),
    ]);
    return { items: docs.map(toMessageView), total, unread, page, pageSize };
  }
}
