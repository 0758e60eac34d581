import { FrameworkLevelContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { CatalogCommandOptions } from '../command-options';

export interface DefineFrameworkLevelResult {
  level: number;
  /** false when the level was already defined with identical texts (nothing appended). */
  defined: boolean;
  position?: number;
}

export class DefineFrameworkLevelCommand extends Command<DefineFrameworkLevelResult> {
  constructor(
    readonly content: FrameworkLevelContent,
    readonly context: CommandContext,
    readonly options: CatalogCommandOptions = {},
  ) {
    super();
  }
}
