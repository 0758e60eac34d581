import { frameworkLevelDecider, frameworkLevelStreamId } from '@credit-bank/catalog-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CatalogProjectionsHost } from '../../catalog-projections.host';
import { DefineFrameworkLevelCommand, DefineFrameworkLevelResult } from './define-framework-level.command';

@CommandHandler(DefineFrameworkLevelCommand)
export class DefineFrameworkLevelHandler implements ICommandHandler<DefineFrameworkLevelCommand, DefineFrameworkLevelResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  async execute(command: DefineFrameworkLevelCommand): Promise<DefineFrameworkLevelResult> {
    const { content, context } = command;
    const result = await executeCommand(
      this.eventStore,
      frameworkLevelStreamId(content.level),
      frameworkLevelDecider,
      { type: 'DefineFrameworkLevel', ...content, now: context.now },
      context,
    );
    const answer = { level: content.level, defined: result.events.length > 0, ...(result.position !== undefined ? { position: result.position } : {}) };
    return command.options.awaitProjection === false ? answer : this.projections.settle(result.position, answer);
  }
}
