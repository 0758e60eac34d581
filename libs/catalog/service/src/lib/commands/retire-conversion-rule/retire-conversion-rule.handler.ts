import { conversionRuleDecider, conversionRuleStreamId } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { ConversionRuleWriteResult } from '../publish-conversion-rule/publish-conversion-rule.command';
import { RetireConversionRuleCommand } from './retire-conversion-rule.command';

@CommandHandler(RetireConversionRuleCommand)
export class RetireConversionRuleHandler implements ICommandHandler<RetireConversionRuleCommand, ConversionRuleWriteResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  async execute({ ruleId, reason, expectedVersion, context }: RetireConversionRuleCommand): Promise<ConversionRuleWriteResult> {
    const result = await executeCommand(
      this.eventStore,
      conversionRuleStreamId(ruleId),
      conversionRuleDecider,
      { type: 'RetireConversionRule', ruleId, ...(reason !== undefined ? { reason } : {}), ...(expectedVersion !== undefined ? { expectedVersion } : {}), now: context.now },
      context,
    );
    const version = result.state.status === 'unpublished' ? 0 : result.state.version;
    const answer = { ruleId, version, changed: result.events.length > 0, ...(result.position !== undefined ? { position: result.position } : {}) };
    return this.projections.settle(result.position, answer);
  }
}
