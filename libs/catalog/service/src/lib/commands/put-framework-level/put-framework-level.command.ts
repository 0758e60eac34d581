import { FrameworkLevelContent } from '@credit-bank/catalog-domain';
import { CommandContext } from '@credit-bank/kernel';
import { Command } from '@nestjs/cqrs';

export interface PutFrameworkLevelResult {
  level: number;
  /** What was appended: a definition, a revision, or nothing (identical texts). */
  outcome: 'defined' | 'revised' | 'unchanged';
  position?: number;
}

/** The administrator defines a level or revises its texts. */
export class PutFrameworkLevelCommand extends Command<PutFrameworkLevelResult> {
  constructor(
    readonly content: FrameworkLevelContent,
    readonly context: CommandContext,
  ) {
    super();
  }
}
