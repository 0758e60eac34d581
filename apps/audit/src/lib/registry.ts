import {
  CATALOG_ITEM_STREAM_PREFIX,
  catalogItemDecider,
  catalogItemTransitions,
  catalogUpcasters,
  INSTITUTION_KEY_STREAM_PREFIX,
  institutionKeyDecider,
  institutionKeyTransitions,
  QUALIFICATION_INSTITUTION_STREAM_PREFIX,
  qualificationInstitutionDecider,
  qualificationInstitutionTransitions,
  CONVERSION_RULE_STREAM_PREFIX,
  conversionRuleDecider,
  conversionRuleTransitions,
  FRAMEWORK_LEVEL_STREAM_PREFIX,
  frameworkLevelDecider,
  frameworkLevelTransitions,
} from '@credit-bank/catalog-domain';
import {
  ACCOUNT_STREAM_PREFIX,
  accountDecider,
  ATTEMPTS_STREAM_PREFIX,
  attemptDecider,
  attemptTransitions,
  SMS_BUDGET_STREAM_PREFIX,
  smsBudgetDecider,
  smsBudgetTransitions,
  accountTransitions,
  identityUpcasters,
  SMS_STREAM_PREFIX,
  smsCodeDecider,
  smsCodeTransitions,
  UNIQUE_STREAM_PREFIX,
  uniquenessDecider,
  uniquenessTransitions,
} from '@credit-bank/identity-domain';
import { COMMAND_OUTCOME_STREAM_PREFIX, commandOutcomeDecider, commandOutcomeTransitions, Decider, DomainEvent, mergeUpcasters, Upcasters } from '@credit-bank/kernel';
import {
  ACHIEVEMENT_STREAM_PREFIX,
  achievementDecider,
  achievementTransitions,
  CERTIFICATE_STREAM_PREFIX,
  certificateDecider,
  certificateTransitions,
  ledgerUpcasters,
  EVIDENCE_STREAM_PREFIX,
  evidenceDecider,
  evidenceTransitions,
  INBOX_STREAM_PREFIX,
  inboxDecider,
  inboxTransitions,
  LEARNING_ACCOUNT_STREAM_PREFIX,
  learningAccountDecider,
  learningAccountTransitions,
} from '@credit-bank/ledger-domain';

/** What the auditor replays a stream through: its decider's `evolve` and its transition rules. */
export interface AggregateAudit {
  name: string;
  prefix: string;
  decider: Pick<Decider<unknown, DomainEvent, { status: string }>, 'initialState' | 'evolve'>;
  transitions: Record<string, readonly string[]>;
}

function aggregate<E extends DomainEvent, S extends { status: string }>(
  name: string,
  prefix: string,
  decider: Pick<Decider<any, E, S>, 'initialState' | 'evolve'>,
  transitions: Record<string, readonly string[]>,
): AggregateAudit {
  return { name, prefix, decider: decider as unknown as AggregateAudit['decider'], transitions };
}

/** Every aggregate the services store, by stream prefix. */
export const AGGREGATES: AggregateAudit[] = [
  aggregate('identity account', ACCOUNT_STREAM_PREFIX, accountDecider, accountTransitions),
  aggregate('identity SMS code', SMS_STREAM_PREFIX, smsCodeDecider, smsCodeTransitions),
  aggregate('identity unique value', UNIQUE_STREAM_PREFIX, uniquenessDecider, uniquenessTransitions),
  aggregate('identity password attempts', ATTEMPTS_STREAM_PREFIX, attemptDecider, attemptTransitions),
  aggregate('identity SMS budget', SMS_BUDGET_STREAM_PREFIX, smsBudgetDecider, smsBudgetTransitions),
  aggregate('catalogue entry', CATALOG_ITEM_STREAM_PREFIX, catalogItemDecider, catalogItemTransitions),
  aggregate('framework level', FRAMEWORK_LEVEL_STREAM_PREFIX, frameworkLevelDecider, frameworkLevelTransitions),
  aggregate('conversion rule', CONVERSION_RULE_STREAM_PREFIX, conversionRuleDecider, conversionRuleTransitions),
  aggregate('qualification institution', QUALIFICATION_INSTITUTION_STREAM_PREFIX, qualificationInstitutionDecider, qualificationInstitutionTransitions),
  aggregate('qualification institution key', INSTITUTION_KEY_STREAM_PREFIX, institutionKeyDecider, institutionKeyTransitions),
  aggregate('ledger evidence', EVIDENCE_STREAM_PREFIX, evidenceDecider, evidenceTransitions),
  aggregate('ledger achievement', ACHIEVEMENT_STREAM_PREFIX, achievementDecider, achievementTransitions),
  aggregate('ledger learning account', LEARNING_ACCOUNT_STREAM_PREFIX, learningAccountDecider, learningAccountTransitions),
  aggregate('ledger inbox read marks', INBOX_STREAM_PREFIX, inboxDecider, inboxTransitions),
  aggregate('ledger certificate', CERTIFICATE_STREAM_PREFIX, certificateDecider, certificateTransitions),
  aggregate('command outcome (idempotency key)', COMMAND_OUTCOME_STREAM_PREFIX, commandOutcomeDecider, commandOutcomeTransitions),
];

/**
 * Every service's schema history: replays read the stored events at today's versions, as the
 * services do, so a rebuild meets the live read models.
 */
export const UPCASTERS: Upcasters = mergeUpcasters(identityUpcasters, catalogUpcasters, ledgerUpcasters);

export function aggregateOf(streamId: string): AggregateAudit | undefined {
  return AGGREGATES.find((a) => streamId.startsWith(a.prefix));
}
