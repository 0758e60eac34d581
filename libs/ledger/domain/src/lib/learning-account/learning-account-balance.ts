import { fold, isCalendarDate } from '@credit-bank/kernel';
import { AchievementFacts, achievementFactsOf } from './achievement-facts';
import { ConversionApplication, LearningAccountState, learningAccountDecider } from './learning-account.decider';
import { LearningAccountEvent } from './learning-account.events';

/** Where a recognised achievement's credits stand: free, held by a pending application, or spent. */
export type CreditState = 'available' | 'held' | 'spent';

export interface CreditTotals {
  recognised: number;
  available: number;
  held: number;
  spent: number;
}

export interface AccountAchievement {
  achievementId: string;
  achievementName: string;
  /** The certificate's institution (颁证机构). */
  issuingInstitution: string;
  catalogItemId: string | null;
  category: string;
  type: string;
  frameworkLevel: number | null;
  credits: number;
  /** 认定机构 */
  recognisedBy: string | null;
  recognisedAt: string | null;
  state: CreditState;
  /** The application holding or spending it. */
  applicationId: string | null;
}

export interface AccountConversion {
  applicationId: string;
  kind: ConversionApplication['kind'];
  ruleId: string;
  ruleVersion: number;
  target: ConversionApplication['target'];
  achievementIds: string[];
  status: ConversionApplication['status'];
  appliedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  /** Credits the conversion granted (the target's credits once approved, else 0). */
  convertedCredits: number;
  /**
   * Achievements of the application whose recognition was revoked (撤销认定) after it was made:
   * an approved conversion stays as decided, flagged for the awarding institution and 管理中心.
   */
  revokedAchievementIds: string[];
}

/** The learning account (学习账户): balance by category and framework level, and what is behind it. */
export interface LearningAccountBalance {
  totals: CreditTotals;
  byCategory: Array<{ category: string } & CreditTotals>;
  byFrameworkLevel: Array<{ frameworkLevel: number | null } & CreditTotals>;
  achievements: AccountAchievement[];
  conversions: AccountConversion[];
}

/** Credits carry at most one decimal; sums are rounded so 0.1 + 0.2 stays 0.3. */
const round = (n: number): number => Math.round(n * 10) / 10;

const zero = (): CreditTotals => ({ recognised: 0, available: 0, held: 0, spent: 0 });

function add(totals: CreditTotals, state: CreditState, credits: number): void {
  totals.recognised = round(totals.recognised + credits);
  totals[state] = round(totals[state] + credits);
}

/**
 * The balance from the learner's achievements (only recognised ones count) and the learning
 * account's state. A certificate counts once: of two recognised achievements with one certificate
 * key (a store written before keys were enforced), the earlier recognition counts.
 */
export function learningAccountBalance(all: Iterable<AchievementFacts>, account: LearningAccountState): LearningAccountBalance {
  const achievements: AccountAchievement[] = [];
  const revoked = new Set<string>();
  const recognised: AchievementFacts[] = [];
  for (const facts of all) {
    if (facts.revoked) revoked.add(facts.achievementId);
    if (facts.recognised) recognised.push(facts);
  }
  recognised.sort((a, b) => (a.recognisedAt ?? '').localeCompare(b.recognisedAt ?? '') || a.achievementId.localeCompare(b.achievementId));
  const certificates = new Set<string>();
  for (const facts of recognised) {
    if (certificates.has(facts.certificateKey)) continue;
    certificates.add(facts.certificateKey);
    const spentBy = account.spent[facts.achievementId];
    const heldBy = account.held[facts.achievementId];
    const state: CreditState = spentBy ? 'spent' : heldBy ? 'held' : 'available';
    achievements.push({
      achievementId: facts.achievementId,
      achievementName: facts.achievementName,
      issuingInstitution: facts.issuingInstitution,
      catalogItemId: facts.catalogItemId,
      category: facts.category,
      type: facts.type,
      frameworkLevel: facts.frameworkLevel,
      credits: facts.credits,
      recognisedBy: facts.recognisedBy,
      recognisedAt: facts.recognisedAt,
      state,
      applicationId: spentBy ?? heldBy ?? null,
    });
  }
  achievements.sort((a, b) => (a.recognisedAt ?? '').localeCompare(b.recognisedAt ?? '') || a.achievementId.localeCompare(b.achievementId));
  const totals = zero();
  const categories = new Map<string, CreditTotals>();
  const levels = new Map<number | null, CreditTotals>();
  for (const a of achievements) {
    add(totals, a.state, a.credits);
    if (!categories.has(a.category)) categories.set(a.category, zero());
    add(categories.get(a.category) as CreditTotals, a.state, a.credits);
    if (!levels.has(a.frameworkLevel)) levels.set(a.frameworkLevel, zero());
    add(levels.get(a.frameworkLevel) as CreditTotals, a.state, a.credits);
  }
  const conversions: AccountConversion[] = Object.values(account.applications)
    .map((a) => ({
      applicationId: a.applicationId,
      kind: a.kind,
      ruleId: a.ruleId,
      ruleVersion: a.ruleVersion,
      target: a.target,
      achievementIds: a.achievementIds,
      status: a.status,
      appliedAt: a.appliedAt,
      decidedAt: a.decidedAt ?? null,
      decidedBy: a.decidedBy ?? null,
      reason: a.reason ?? null,
      convertedCredits: a.status === 'approved' ? a.target.credits : 0,
      revokedAchievementIds: a.achievementIds.filter((id) => revoked.has(id)),
    }))
    .sort((a, b) => a.appliedAt.localeCompare(b.appliedAt) || a.applicationId.localeCompare(b.applicationId));
  return {
    totals,
    byCategory: [...categories.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, t]) => ({ category, ...t })),
    byFrameworkLevel: [...levels.entries()].sort(([a], [b]) => (a ?? 0) - (b ?? 0)).map(([frameworkLevel, t]) => ({ frameworkLevel, ...t })),
    achievements,
    conversions,
  };
}

/** An event as stored, with the time it was decided. */
export interface TimedEvent {
  type: string;
  data: unknown;
  metadata: { occurredAt: string };
}

/**
 * 成绩单 as of a moment: time travel over the streams. Only events decided at or before `asOf`
 * count: the achievements' streams say what was recognised then, the learning account's stream
 * which conversions were pending, approved or rejected then, under which rule version.
 */
export function learningAccountAsOf(achievementStreams: Iterable<TimedEvent[]>, accountStream: TimedEvent[], asOf: Date): LearningAccountBalance {
  const limit = asOf.getTime();
  const until = (events: TimedEvent[]) => events.filter((e) => Date.parse(e.metadata.occurredAt) <= limit);
  const facts: AchievementFacts[] = [];
  for (const stream of achievementStreams) {
    const f = achievementFactsOf(until(stream));
    if (f) facts.push(f);
  }
  const account = fold(learningAccountDecider, until(accountStream) as unknown as LearningAccountEvent[]);
  return learningAccountBalance(facts, account);
}

/**
 * The instant a statement's `asOf` names: a date (YYYY-MM-DD) means the end of that day in China
 * time (UTC+8); a date-time without an offset is China time too. Undefined when it is not one.
 */
export function statementInstant(asOf: string): Date | undefined {
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  const text = date
    ? `${asOf}T23:59:59.999+08:00`
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/.test(asOf)
      ? /(Z|[+-]\d{2}:\d{2})$/.test(asOf)
        ? asOf
        : `${asOf}+08:00`
      : undefined;
  if (!text) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  // Reject dates that Date.parse rolls over (2025-02-30).
  if (!isCalendarDate(asOf.slice(0, 10))) return undefined;
  return new Date(ms);
}
