import { CatalogItemContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { CatalogCommandOptions } from '../command-options';

export interface PublishCatalogItemResult {
  itemId: string;
  /** false when identical content was already published (nothing appended). */
  published: boolean;
  /** Global position of the append, when there was one. */
  position?: number;
}

export class PublishCatalogItemCommand extends Command<PublishCatalogItemResult> {
  constructor(
    readonly itemId: string,
    readonly content: CatalogItemContent,
    readonly context: CommandContext,
    readonly options: CatalogCommandOptions = {},
  ) {
    super();
  }
}
