import { conversionRuleDecider, conversionRuleStreamId } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { unknownCatalogItemIds, withAwardingInstitution } from '../conversion-rule-sources';
import { DirectoryInstitutions } from '../directory-institutions';
import { ConversionRuleWriteResult, PublishConversionRuleCommand } from './publish-conversion-rule.command';

@CommandHandler(PublishConversionRuleCommand)
export class PublishConversionRuleHandler implements ICommandHandler<PublishConversionRuleCommand, ConversionRuleWriteResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
    private readonly directory: DirectoryInstitutions,
  ) {}

  async execute({ ruleId, content: given, context, options }: PublishConversionRuleCommand): Promise<ConversionRuleWriteResult> {
    const content = await withAwardingInstitution(this.directory, given);
    const unknown = await unknownCatalogItemIds(this.eventStore, content);
    const result = await executeCommand(
      this.eventStore,
      conversionRuleStreamId(ruleId),
      conversionRuleDecider,
      { type: 'PublishConversionRule', ruleId, content, unknownCatalogItemIds: unknown, now: context.now },
      context,
    );
    const version = result.state.status === 'unpublished' ? 0 : result.state.version;
    const answer = { ruleId, version, changed: result.events.length > 0, ...(result.position !== undefined ? { position: result.position } : {}) };
    return options.awaitProjection === false ? answer : this.projections.settle(result.position, answer);
  }
}
