import { CatalogItemContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';

export interface CatalogItemWriteResult {
  itemId: string;
  /** Stream revision after the command (unchanged when nothing was appended). */
  revision: number;
  position?: number;
}

/** The administrator changes fields of a catalogue entry (If-Match optional). */
export class ReviseCatalogItemCommand extends Command<CatalogItemWriteResult> {
  constructor(
    readonly itemId: string,
    readonly changes: Partial<CatalogItemContent>,
    readonly expectedRevision: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
