import { catalogItemDecider, catalogItemStreamId } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { DirectoryInstitutions, isGivenId } from '../directory-institutions';
import { PublishCatalogItemCommand, PublishCatalogItemResult } from './publish-catalog-item.command';

@CommandHandler(PublishCatalogItemCommand)
export class PublishCatalogItemHandler implements ICommandHandler<PublishCatalogItemCommand, PublishCatalogItemResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
    private readonly directory: DirectoryInstitutions,
  ) {}

  /**
   * The institution is named by its directory id (404 CATALOG.INSTITUTION_NOT_FOUND naming
   * `institutionId` when the directory has no such entry); its name is the directory's.
   */
  async execute(command: PublishCatalogItemCommand): Promise<PublishCatalogItemResult> {
    let content = command.content;
    if (isGivenId(content?.institutionId)) {
      const institution = await this.directory.require(content.institutionId, 'institutionId');
      content = { ...content, institutionId: institution.id, institutionName: institution.name };
    }
    const result = await executeCommand(
      this.eventStore,
      catalogItemStreamId(command.itemId),
      catalogItemDecider,
      { type: 'PublishCatalogItem', itemId: command.itemId, content, now: command.context.now },
      command.context,
    );
    const answer = { itemId: command.itemId, published: result.events.length > 0, ...(result.position !== undefined ? { position: result.position } : {}) };
    return command.options.awaitProjection === false ? answer : this.projections.settle(result.position, answer);
  }
}
