import { DomainEvent } from '@credit-bank/kernel';

export type ConversionRuleKind = 'achievement' | 'work-performance';
export const CONVERSION_RULE_KINDS: readonly ConversionRuleKind[] = ['achievement', 'work-performance'];

/** Which recognised achievements qualify: each criterion given must hold (at least one is given). */
export interface ConversionRuleSources {
  /** 成果目录 entries. */
  catalogItemIds?: string[];
  /** 成果分类 code. */
  category?: string;
  /** Lowest framework level, 1..7. */
  minFrameworkLevel?: number;
}

/** What a conversion grants: credits of a programme (and course) at the awarding institution. */
export interface ConversionRuleTarget {
  /** 专业 */
  programme: string;
  /** 课程 */
  course?: string;
  /** 转换机构 in the directory: the reviewers of the institution accounts linked to it decide the applications. */
  awardingInstitutionId: string;
  /** 转换机构's name, as the directory named it when this version was published. */
  awardingInstitution: string;
  /** Credits granted by one conversion, > 0, ≤ 60, one decimal at most. */
  credits: number;
}

export interface ConversionRuleLimits {
  /** Most credits converted towards this target per learner, over approved and pending applications. */
  maxCreditsPerTarget?: number;
  /** Most achievements in one application. */
  maxAchievements?: number;
}

/** A conversion rule (转换规则) as published: the content every version carries in full. */
export interface ConversionRuleContent {
  name: string;
  /** achievement: 转换成果申请; work-performance: 业绩类成果转换申请. */
  kind: ConversionRuleKind;
  sources: ConversionRuleSources;
  target: ConversionRuleTarget;
  limits: ConversionRuleLimits;
  /** First day the rule applies, YYYY-MM-DD. */
  effectiveFrom: string;
}

/**
 * Schema version 2 (today) of Published and Revised: `target.awardingInstitutionId` next to the
 * name. Version 1 named the institution only; it is upcast with `institutionIdForName`.
 */
export type ConversionRulePublished = DomainEvent<'ConversionRulePublished', { ruleId: string; version: 1 } & ConversionRuleContent & { publishedAt: string }>;

/** A new version (2, 3, …) with the whole content; earlier versions stay readable. */
export type ConversionRuleRevised = DomainEvent<'ConversionRuleRevised', { ruleId: string; version: number } & ConversionRuleContent & { revisedAt: string }>;

/** The rule accepts no new applications; its versions stay readable (conversions keep the version they used). */
export type ConversionRuleRetired = DomainEvent<'ConversionRuleRetired', { ruleId: string; version: number; reason?: string; retiredAt: string }>;

export type ConversionRuleEvent = ConversionRulePublished | ConversionRuleRevised | ConversionRuleRetired;

export const CONVERSION_RULE_EVENT_TYPES: ReadonlyArray<ConversionRuleEvent['type']> = ['ConversionRulePublished', 'ConversionRuleRevised', 'ConversionRuleRetired'];

export const CONVERSION_RULE_STREAM_PREFIX = 'catalog.conversion-rule-';
export const conversionRuleStreamId = (ruleId: string): string => `${CONVERSION_RULE_STREAM_PREFIX}${ruleId}`;
