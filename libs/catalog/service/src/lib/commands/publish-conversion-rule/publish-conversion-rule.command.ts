import { ConversionRuleContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { CatalogCommandOptions } from '../command-options';

export interface ConversionRuleWriteResult {
  ruleId: string;
  /** The rule's current version after the command. */
  version: number;
  /** false when nothing was appended (identical content, or already retired). */
  changed: boolean;
  position?: number;
}

/** Publishes a conversion rule as version 1 (the administrator, or the seed). */
export class PublishConversionRuleCommand extends Command<ConversionRuleWriteResult> {
  constructor(
    readonly ruleId: string,
    readonly content: ConversionRuleContent,
    readonly context: CommandContext,
    readonly options: CatalogCommandOptions = {},
  ) {
    super();
  }
}
