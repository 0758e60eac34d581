import { frameworkLevelDecider, frameworkLevelStreamId, isFrameworkLevel } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { PutFrameworkLevelCommand, PutFrameworkLevelResult } from './put-framework-level.command';

@CommandHandler(PutFrameworkLevelCommand)
export class PutFrameworkLevelHandler implements ICommandHandler<PutFrameworkLevelCommand, PutFrameworkLevelResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  async execute({ content, context }: PutFrameworkLevelCommand): Promise<PutFrameworkLevelResult> {
    // An invalid level is refused by the decider before anything is appended; the stream name is only a key.
    const stream = frameworkLevelStreamId(isFrameworkLevel(content.level) ? content.level : 0);
    const result = await executeCommand(this.eventStore, stream, frameworkLevelDecider, { type: 'ReviseFrameworkLevel', ...content, now: context.now }, context);
    const outcome = result.events.length === 0 ? 'unchanged' : result.events[0].type === 'FrameworkLevelDefined' ? 'defined' : 'revised';
    return this.projections.settle(result.position, { level: content.level, outcome, ...(result.position !== undefined ? { position: result.position } : {}) });
  }
}
