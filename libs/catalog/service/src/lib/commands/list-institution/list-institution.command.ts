import { QualificationInstitutionContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { CatalogCommandOptions } from '../command-options';

export interface InstitutionWriteResult {
  institutionId: string;
  /** false when nothing was appended (identical content already listed, or nothing changed). */
  changed: boolean;
  position?: number;
}

/** Lists an institution in the directory (the administrator, the seed, the start-up backfill). */
export class ListInstitutionCommand extends Command<InstitutionWriteResult> {
  constructor(
    readonly institutionId: string,
    readonly content: Partial<QualificationInstitutionContent>,
    readonly context: CommandContext,
    readonly options: CatalogCommandOptions = {},
  ) {
    super();
  }
}
