import { ConversionApplicationView } from '@credit-bank/contracts';
import { AchievementFacts, achievementFactsOf, achievementStreamId, learningAccountDecider, learningAccountStreamId } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { contextOf, pendingAnswer, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { ConversionRuleLookup } from '../../catalog/conversion-rule-lookup';
import { toApplicationView } from '../../conversion/conversion-views';
import { LearnersDirectory } from '../../projections/learners/learners-directory';
import { CONVERSION_APPLICATIONS_COLLECTION, ConversionApplicationDocument } from '../../projections/learning-accounts/learning-accounts.projection';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { ApplyForConversionCommand } from './apply-for-conversion.command';

/**
 * 转换成果申请 / 业绩类成果转换申请: the learner applies under the rule's current version. The
 * handler asks the catalogue for the rule, reads each achievement's own stream for its facts,
 * and the learning-account decider decides; the append goes with the revision just read, so of
 * two applications using one achievement at once, one is appended and the other is decided again
 * on the new state and refused (LEDGER.ACHIEVEMENT_HELD).
 */
@CommandHandler(ApplyForConversionCommand)
export class ApplyForConversionHandler implements ICommandHandler<ApplyForConversionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly rules: ConversionRuleLookup,
    private readonly projections: LedgerProjectionsHost,
    private readonly learners: LearnersDirectory,
  ) {}

  async execute({ payload, meta }: ApplyForConversionCommand): Promise<ConversionApplicationView> {
    const actor = requireActor(meta, 'learner');
    const ctx = contextOf(meta);
    const rule = await this.rules.current(payload.ruleId, meta);
    const achievements: Record<string, AchievementFacts | undefined> = {};
    for (const id of new Set(payload.achievementIds)) achievements[id] = achievementFactsOf(await this.store.readStream(achievementStreamId(id)));
    const applicationId = randomUUID();
    const result = await executeCommand(
      this.store,
      learningAccountStreamId(actor.accountId),
      learningAccountDecider,
      { type: 'ApplyForConversion', applicationId, learnerId: actor.accountId, kind: payload.kind, rule, achievementIds: payload.achievementIds, achievements, now: ctx.now },
      ctx,
    );
    const seen = await this.projections.waitFor(result.position);
    const doc = seen ? await this.readStore.collection<ConversionApplicationDocument>(CONVERSION_APPLICATIONS_COLLECTION).get(applicationId) : undefined;
    // Stored, not yet readable: the id to poll, marked pending (202), rather than a view the next read contradicts.
    if (!doc) return pendingAnswer({ applicationId } as unknown as ConversionApplicationView);
    return toApplicationView(doc, await this.learners.labelOf(actor.accountId));
  }
}
