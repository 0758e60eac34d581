import { ConversionRuleContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { ConversionRuleWriteResult } from '../publish-conversion-rule/publish-conversion-rule.command';

/** The administrator publishes a new version of a rule, replacing `expectedVersion`. */
export class ReviseConversionRuleCommand extends Command<ConversionRuleWriteResult> {
  constructor(
    readonly ruleId: string,
    readonly expectedVersion: number,
    readonly content: ConversionRuleContent,
    readonly context: CommandContext,
  ) {
    super();
  }
}
