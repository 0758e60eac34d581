import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';
import { ConversionRuleWriteResult } from '../publish-conversion-rule/publish-conversion-rule.command';

/** The administrator retires a rule: no new applications under it; its versions stay readable. */
export class RetireConversionRuleCommand extends Command<ConversionRuleWriteResult> {
  constructor(
    readonly ruleId: string,
    readonly reason: string | undefined,
    readonly expectedVersion: number | undefined,
    readonly context: CommandContext,
  ) {
    super();
  }
}
