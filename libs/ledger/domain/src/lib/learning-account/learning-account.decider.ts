import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { todayAt } from '../achievement/achievement-details';
import { AchievementFacts, conversionKindOf } from './achievement-facts';
import { LearningAccountErrorCodes as Codes } from './learning-account-errors';
import { ConversionAppliedData, ConversionKind, ConversionTarget, LearningAccountEvent } from './learning-account.events';

/**
 * A learner's learning account (学习账户), one stream each: `ledger.learning-account-<learnerId>`.
 * It holds the learner's conversion applications, so the achievements an application holds
 * (pending) or spent (approved) are known in one place and a second application using one of them
 * is refused; two concurrent applications both append at the revision they read, so one of them
 * fails and is decided again on the new state (where the achievement is held).
 * Recognised credits themselves live on each achievement's stream (AchievementRecognised); the
 * handler reads those streams and passes their facts in.
 */
export const LEARNING_ACCOUNT_STREAM_PREFIX = 'ledger.learning-account-';
export const learningAccountStreamId = (learnerId: string): string => `${LEARNING_ACCOUNT_STREAM_PREFIX}${learnerId}`;

export const REJECTION_REASON_MAX = 500;

/** The conversion rule (转换规则) version the learner applies under, as the catalogue answered it. */
export interface ConversionRuleFacts {
  ruleId: string;
  version: number;
  status: 'active' | 'retired';
  kind: ConversionKind;
  sources: { catalogItemIds?: string[]; category?: string; minFrameworkLevel?: number };
  target: ConversionTarget;
  limits: { maxCreditsPerTarget?: number; maxAchievements?: number };
  /** YYYY-MM-DD, first day (China time) the rule applies. */
  effectiveFrom: string;
}

export interface ApplyForConversion {
  type: 'ApplyForConversion';
  applicationId: string;
  learnerId: string;
  kind: ConversionKind;
  rule: ConversionRuleFacts;
  /** As the learner listed them. */
  achievementIds: string[];
  /** Facts of each listed achievement read from its stream; absent = no such stream. */
  achievements: Record<string, AchievementFacts | undefined>;
  now: string;
}

export interface ApproveConversion {
  type: 'ApproveConversion';
  applicationId: string;
  /** The reviewer's account and the directory institution it is linked to. */
  decidedBy: string;
  institutionId: string;
  now: string;
}

export interface RejectConversion {
  type: 'RejectConversion';
  applicationId: string;
  decidedBy: string;
  institutionId: string;
  reason: string;
  now: string;
}

export type LearningAccountCommand = ApplyForConversion | ApproveConversion | RejectConversion;

export type ConversionStatus = 'pending' | 'approved' | 'rejected';

export interface ConversionApplication extends ConversionAppliedData {
  status: ConversionStatus;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
}

export interface LearningAccountState {
  status: 'absent' | 'open';
  /** Revision of the last event (-1 before any). */
  revision: number;
  applications: Readonly<Record<string, ConversionApplication>>;
  /** achievementId → the pending application holding it. */
  held: Readonly<Record<string, string>>;
  /** achievementId → the approved application that spent it. */
  spent: Readonly<Record<string, string>>;
}

export const emptyLearningAccount: LearningAccountState = { status: 'absent', revision: -1, applications: {}, held: {}, spent: {} };

function without(record: Readonly<Record<string, string>>, keys: string[]): Record<string, string> {
  const copy = { ...record };
  for (const key of keys) delete copy[key];
  return copy;
}

function evolve(state: LearningAccountState, event: LearningAccountEvent): LearningAccountState {
  const revision = state.revision + 1;
  switch (event.type) {
    case 'ConversionApplied': {
      const held = { ...state.held };
      for (const id of event.data.achievementIds) held[id] = event.data.applicationId;
      return { ...state, status: 'open', revision, held, applications: { ...state.applications, [event.data.applicationId]: { ...event.data, status: 'pending' } } };
    }
    case 'ConversionApproved': {
      const application = state.applications[event.data.applicationId];
      if (!application) return { ...state, revision };
      const spent = { ...state.spent };
      for (const id of application.achievementIds) spent[id] = application.applicationId;
      return {
        ...state,
        revision,
        held: without(state.held, application.achievementIds),
        spent,
        applications: { ...state.applications, [application.applicationId]: { ...application, status: 'approved', decidedBy: event.data.decidedBy, decidedAt: event.data.decidedAt } },
      };
    }
    case 'ConversionRejected': {
      const application = state.applications[event.data.applicationId];
      if (!application) return { ...state, revision };
      return {
        ...state,
        revision,
        held: without(state.held, application.achievementIds),
        applications: {
          ...state.applications,
          [application.applicationId]: { ...application, status: 'rejected', decidedBy: event.data.decidedBy, decidedAt: event.data.decidedAt, reason: event.data.reason },
        },
      };
    }
    default:
      return assertNever(event, 'learning account event');
  }
}

const refuse = (code: string, kind: 'validation' | 'conflict' | 'not_found', message: string, details?: Record<string, unknown>) => new DomainError(code, kind, message, details);

const sameTarget = (a: ConversionTarget, b: ConversionTarget): boolean =>
  a.programme === b.programme && (a.course ?? null) === (b.course ?? null) && a.awardingInstitutionId === b.awardingInstitutionId;

/** Why an achievement does not meet the rule's sources, or undefined when it does. */
function sourceMismatch(rule: ConversionRuleFacts, facts: AchievementFacts): string | undefined {
  const { catalogItemIds, category, minFrameworkLevel } = rule.sources;
  if (catalogItemIds?.length && (!facts.catalogItemId || !catalogItemIds.includes(facts.catalogItemId))) return 'not one of the rule’s catalogue entries';
  if (category && facts.category !== category) return `not in category ${category}`;
  if (minFrameworkLevel !== undefined && (facts.frameworkLevel ?? 0) < minFrameworkLevel) return `framework level below ${minFrameworkLevel}`;
  return undefined;
}

function apply(command: ApplyForConversion, state: LearningAccountState): LearningAccountEvent[] {
  const { rule, achievementIds } = command;
  if (state.applications[command.applicationId]) throw refuse(Codes.CONVERSION_APPLICATION_EXISTS, 'conflict', 'This application id is already used.');
  if (achievementIds.length === 0) throw refuse(Codes.CONVERSION_NO_ACHIEVEMENTS, 'validation', 'Name at least one recognised achievement to convert.');
  const duplicate = achievementIds.find((id, index) => achievementIds.indexOf(id) !== index);
  if (duplicate) throw refuse(Codes.CONVERSION_DUPLICATE_ACHIEVEMENT, 'validation', 'An achievement is listed twice.', { achievementId: duplicate });
  if (command.kind !== rule.kind) {
    throw refuse(Codes.CONVERSION_KIND_MISMATCH, 'validation', `The rule is for ${rule.kind} conversions, not ${command.kind}.`, { ruleKind: rule.kind });
  }
  if (rule.status === 'retired') throw refuse(Codes.CONVERSION_RULE_RETIRED, 'conflict', 'The conversion rule was retired.', { ruleId: rule.ruleId });
  if (rule.effectiveFrom > todayAt(command.now)) {
    throw refuse(Codes.CONVERSION_RULE_NOT_EFFECTIVE, 'conflict', `The conversion rule applies from ${rule.effectiveFrom}.`, { effectiveFrom: rule.effectiveFrom });
  }
  const maxAchievements = rule.limits.maxAchievements;
  if (maxAchievements !== undefined && achievementIds.length > maxAchievements) {
    throw refuse(Codes.CONVERSION_TOO_MANY_ACHIEVEMENTS, 'validation', `The rule allows at most ${maxAchievements} achievement(s) per application.`, { maxAchievements });
  }
  for (const achievementId of achievementIds) {
    const facts = command.achievements[achievementId];
    if (!facts || facts.withdrawn || facts.ownerId !== command.learnerId) {
      throw refuse(Codes.CONVERSION_ACHIEVEMENT_UNKNOWN, 'validation', 'No achievement of yours has this id.', { achievementId });
    }
    if (!facts.recognised) throw refuse(Codes.ACHIEVEMENT_NOT_RECOGNISED, 'conflict', 'The achievement is not recognised (认定) yet.', { achievementId });
    if (state.spent[achievementId]) throw refuse(Codes.ACHIEVEMENT_SPENT, 'conflict', 'The achievement was already converted.', { achievementId, applicationId: state.spent[achievementId] });
    if (state.held[achievementId]) throw refuse(Codes.ACHIEVEMENT_HELD, 'conflict', 'The achievement is held by a pending application.', { achievementId, applicationId: state.held[achievementId] });
    const kind = conversionKindOf(facts);
    if (kind !== rule.kind) {
      throw refuse(Codes.CONVERSION_KIND_MISMATCH, 'validation', kind === 'work-performance' ? 'Work performance converts only under a work-performance rule (业绩类成果转换).' : 'A work-performance rule converts only work performance (工作业绩).', {
        achievementId,
      });
    }
    const mismatch = sourceMismatch(rule, facts);
    if (mismatch) throw refuse(Codes.CONVERSION_SOURCE_MISMATCH, 'validation', `The achievement does not qualify under the rule: ${mismatch}.`, { achievementId });
  }
  const maxCredits = rule.limits.maxCreditsPerTarget;
  if (maxCredits !== undefined) {
    const already = Object.values(state.applications)
      .filter((a) => a.status !== 'rejected' && sameTarget(a.target, rule.target))
      .reduce((sum, a) => sum + a.target.credits, 0);
    if (already + rule.target.credits > maxCredits) {
      throw refuse(Codes.CONVERSION_CREDIT_LIMIT_EXCEEDED, 'conflict', `At most ${maxCredits} credits convert towards this target; ${already} are approved or pending.`, {
        maxCreditsPerTarget: maxCredits,
        approvedOrPending: already,
      });
    }
  }
  return [
    {
      type: 'ConversionApplied',
      data: {
        applicationId: command.applicationId,
        learnerId: command.learnerId,
        kind: command.kind,
        ruleId: rule.ruleId,
        ruleVersion: rule.version,
        target: { ...rule.target },
        achievementIds: [...achievementIds],
        appliedAt: command.now,
      },
    },
  ];
}

/** The pending application the institution may decide; another institution's is "not found". */
function decidable(state: LearningAccountState, applicationId: string, institutionId: string): ConversionApplication {
  const application = state.applications[applicationId];
  if (!application || application.target.awardingInstitutionId !== institutionId) {
    throw refuse(Codes.CONVERSION_APPLICATION_NOT_FOUND, 'not_found', 'No such conversion application.');
  }
  return application;
}

function alreadyDecided(application: ConversionApplication): DomainError {
  return refuse(Codes.CONVERSION_ALREADY_DECIDED, 'conflict', `The application was ${application.status} already.`, { status: application.status });
}

function approve(command: ApproveConversion, state: LearningAccountState): LearningAccountEvent[] {
  const application = decidable(state, command.applicationId, command.institutionId);
  if (application.status !== 'pending') throw alreadyDecided(application);
  return [{ type: 'ConversionApproved', data: { applicationId: application.applicationId, decidedBy: command.decidedBy, decidedAt: command.now } }];
}

function reject(command: RejectConversion, state: LearningAccountState): LearningAccountEvent[] {
  const application = decidable(state, command.applicationId, command.institutionId);
  const reason = (command.reason ?? '').trim();
  if (!reason || [...reason].length > REJECTION_REASON_MAX) {
    throw new DomainError(Codes.CONVERSION_REASON_REQUIRED, 'validation', `Give the reason for the rejection (1–${REJECTION_REASON_MAX} characters).`, { max: REJECTION_REASON_MAX }, [
      { field: 'reason', code: Codes.CONVERSION_REASON_REQUIRED, message: `reason must be 1–${REJECTION_REASON_MAX} characters`, params: { max: REJECTION_REASON_MAX } },
    ]);
  }
  if (application.status !== 'pending') throw alreadyDecided(application);
  return [{ type: 'ConversionRejected', data: { applicationId: application.applicationId, decidedBy: command.decidedBy, reason, decidedAt: command.now } }];
}

export const learningAccountDecider: Decider<LearningAccountCommand, LearningAccountEvent, LearningAccountState> = {
  initialState: emptyLearningAccount,
  evolve,
  decide(command, state) {
    switch (command.type) {
      case 'ApplyForConversion':
        return apply(command, state);
      case 'ApproveConversion':
        return approve(command, state);
      case 'RejectConversion':
        return reject(command, state);
      default:
        return assertNever(command, 'learning account command');
    }
  },
};

/** For audits: the statuses each event may follow. */
export const learningAccountTransitions: TransitionRules<LearningAccountEvent> = {
  ConversionApplied: ['absent', 'open'],
  ConversionApproved: ['open'],
  ConversionRejected: ['open'],
};
