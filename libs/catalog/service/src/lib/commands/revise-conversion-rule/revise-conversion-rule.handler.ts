import { conversionRuleDecider, conversionRuleStreamId } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { unknownCatalogItemIds, withAwardingInstitution } from '../conversion-rule-sources';
import { DirectoryInstitutions } from '../directory-institutions';
import { ConversionRuleWriteResult } from '../publish-conversion-rule/publish-conversion-rule.command';
import { ReviseConversionRuleCommand } from './revise-conversion-rule.command';

/**
 * Two administrators revising the same version at once: both decide from version n, the store
 * takes the first append, the second is retried on the new state and refused by the decider with
 * CATALOG.REVISION_CONFLICT (409). Exactly one new version.
 */
@CommandHandler(ReviseConversionRuleCommand)
export class ReviseConversionRuleHandler implements ICommandHandler<ReviseConversionRuleCommand, ConversionRuleWriteResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
    private readonly directory: DirectoryInstitutions,
  ) {}

  async execute({ ruleId, expectedVersion, content: given, context }: ReviseConversionRuleCommand): Promise<ConversionRuleWriteResult> {
    const content = await withAwardingInstitution(this.directory, given);
    const unknown = await unknownCatalogItemIds(this.eventStore, content);
    const result = await executeCommand(
      this.eventStore,
      conversionRuleStreamId(ruleId),
      conversionRuleDecider,
      { type: 'ReviseConversionRule', ruleId, expectedVersion, content, unknownCatalogItemIds: unknown, now: context.now },
      context,
    );
    const version = result.state.status === 'unpublished' ? 0 : result.state.version;
    const answer = { ruleId, version, changed: result.events.length > 0, ...(result.position !== undefined ? { position: result.position } : {}) };
    return this.projections.settle(result.position, answer);
  }
}
