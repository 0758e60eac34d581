import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { CatalogItemWriteResult } from '../revise-catalog-item/revise-catalog-item.command';

/** The administrator retires a catalogue entry (CatalogItemRetired). */
export class RetireCatalogItemCommand extends Command<CatalogItemWriteResult> {
  constructor(
    readonly itemId: string,
    readonly reason: string | undefined,
    readonly expectedRevision: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
