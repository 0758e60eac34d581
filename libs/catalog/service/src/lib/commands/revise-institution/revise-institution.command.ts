import { QualificationInstitutionContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { InstitutionWriteResult } from '../list-institution/list-institution.command';

/** The administrator revises a directory entry (name, credit code, aliases). */
export class ReviseInstitutionCommand extends Command<InstitutionWriteResult> {
  constructor(
    readonly institutionId: string,
    readonly changes: Partial<QualificationInstitutionContent>,
    readonly expectedRevision: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
