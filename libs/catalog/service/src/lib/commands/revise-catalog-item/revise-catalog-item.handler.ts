import { catalogItemDecider, catalogItemStreamId } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { DirectoryInstitutions, isGivenId } from '../directory-institutions';
import { CatalogItemWriteResult, ReviseCatalogItemCommand } from './revise-catalog-item.command';

@CommandHandler(ReviseCatalogItemCommand)
export class ReviseCatalogItemHandler implements ICommandHandler<ReviseCatalogItemCommand, CatalogItemWriteResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
    private readonly directory: DirectoryInstitutions,
  ) {}

  /** Moving the entry to another institution takes that institution's id; its name comes from the directory (404 when unknown). */
  async execute({ itemId, changes: given, expectedRevision, context }: ReviseCatalogItemCommand): Promise<CatalogItemWriteResult> {
    const { institutionName: _name, ...changes } = given ?? {};
    if (isGivenId(changes.institutionId)) {
      const institution = await this.directory.require(changes.institutionId, 'institutionId');
      Object.assign(changes, { institutionId: institution.id, institutionName: institution.name });
    }
    const result = await executeCommand(
      this.eventStore,
      catalogItemStreamId(itemId),
      catalogItemDecider,
      { type: 'ReviseCatalogItem', itemId, changes, ...(expectedRevision !== undefined ? { expectedRevision } : {}), now: context.now },
      context,
    );
    return this.projections.settle(result.position, { itemId, revision: result.revision, ...(result.position !== undefined ? { position: result.position } : {}) });
  }
}
