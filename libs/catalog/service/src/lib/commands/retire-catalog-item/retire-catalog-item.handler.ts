import { catalogItemDecider, catalogItemStreamId } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { CatalogItemWriteResult } from '../revise-catalog-item/revise-catalog-item.command';
import { RetireCatalogItemCommand } from './retire-catalog-item.command';

@CommandHandler(RetireCatalogItemCommand)
export class RetireCatalogItemHandler implements ICommandHandler<RetireCatalogItemCommand, CatalogItemWriteResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  async execute({ itemId, reason, expectedRevision, context }: RetireCatalogItemCommand): Promise<CatalogItemWriteResult> {
    const result = await executeCommand(
      this.eventStore,
      catalogItemStreamId(itemId),
      catalogItemDecider,
      { type: 'RetireCatalogItem', itemId, ...(reason !== undefined ? { reason } : {}), ...(expectedRevision !== undefined ? { expectedRevision } : {}), now: context.now },
      context,
    );
    return this.projections.settle(result.position, { itemId, revision: result.revision, ...(result.position !== undefined ? { position: result.position } : {}) });
  }
}
