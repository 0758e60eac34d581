import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { RETIRE_REASON_MAX_LENGTH, revisionConflict } from '../catalog-item/catalog-item.decider';
import { conversionRuleErrors, conversionRuleInvalid, normalizeConversionRuleContent, sameConversionRuleContent } from './conversion-rule-rules';
import { ConversionRuleContent, ConversionRuleEvent } from './conversion-rule.events';

/**
 * Publishes a conversion rule as version 1. Publishing identical content again is a no-op (so
 * seeding is idempotent). `unknownCatalogItemIds`: source entries the catalogue does not have,
 * looked up by the handler.
 */
export interface PublishConversionRule {
  type: 'PublishConversionRule';
  ruleId: string;
  content: ConversionRuleContent;
  unknownCatalogItemIds?: string[];
  now: string;
}

/** Replaces the content with a new version; `expectedVersion` is the version the administrator read (If-Match). */
export interface ReviseConversionRule {
  type: 'ReviseConversionRule';
  ruleId: string;
  expectedVersion: number;
  content: ConversionRuleContent;
  unknownCatalogItemIds?: string[];
  now: string;
}

/** Retires the rule (no new applications under it). Retiring a retired rule is a no-op. */
export interface RetireConversionRule {
  type: 'RetireConversionRule';
  ruleId: string;
  expectedVersion?: number;
  reason?: string;
  now: string;
}

export type ConversionRuleCommand = PublishConversionRule | ReviseConversionRule | RetireConversionRule;

export type ConversionRuleState =
  | { status: 'unpublished' }
  | { status: 'active' | 'retired'; ruleId: string; version: number; content: ConversionRuleContent };

function contentOf(data: ConversionRuleContent): ConversionRuleContent {
  const { name, kind, sources, target, limits, effectiveFrom } = data;
  return { name, kind, sources, target, limits, effectiveFrom };
}

function evolve(state: ConversionRuleState, event: ConversionRuleEvent): ConversionRuleState {
  switch (event.type) {
    case 'ConversionRulePublished':
      return { status: 'active', ruleId: event.data.ruleId, version: event.data.version, content: contentOf(event.data) };
    case 'ConversionRuleRevised':
      return state.status === 'unpublished' ? state : { ...state, version: event.data.version, content: contentOf(event.data) };
    case 'ConversionRuleRetired':
      return state.status === 'unpublished' ? state : { ...state, status: 'retired' };
    default:
      return assertNever(event, 'conversion rule event');
  }
}

function notFound(ruleId: string): DomainError {
  return new DomainError(CatalogErrorCodes.CONVERSION_RULE_NOT_FOUND, 'not_found', 'No such conversion rule.', { ruleId });
}

function validContent(content: ConversionRuleContent, unknownCatalogItemIds: readonly string[] | undefined): ConversionRuleContent {
  const normalized = normalizeConversionRuleContent(content);
  const errors = conversionRuleErrors(normalized, unknownCatalogItemIds ?? []);
  if (errors.length) throw conversionRuleInvalid(errors);
  return normalized;
}

function decide(command: ConversionRuleCommand, state: ConversionRuleState): ConversionRuleEvent[] {
  switch (command.type) {
    case 'PublishConversionRule': {
      const content = validContent(command.content, command.unknownCatalogItemIds);
      if (state.status === 'unpublished') return [{ type: 'ConversionRulePublished', data: { ruleId: command.ruleId, version: 1, ...content, publishedAt: command.now } }];
      if (sameConversionRuleContent(state.content, content)) return [];
      throw new DomainError(CatalogErrorCodes.CONVERSION_RULE_ALREADY_PUBLISHED, 'conflict', 'This conversion rule is already published with different content.', {
        ruleId: state.ruleId,
      });
    }
    case 'ReviseConversionRule': {
      if (state.status === 'unpublished') throw notFound(command.ruleId);
      if (state.status === 'retired') throw new DomainError(CatalogErrorCodes.CONVERSION_RULE_RETIRED, 'conflict', 'This conversion rule is retired.', { ruleId: state.ruleId });
      if (command.expectedVersion !== state.version) throw revisionConflict(command.expectedVersion, state.version, 'version');
      const content = validContent(command.content, command.unknownCatalogItemIds);
      if (sameConversionRuleContent(state.content, content)) return [];
      return [{ type: 'ConversionRuleRevised', data: { ruleId: state.ruleId, version: state.version + 1, ...content, revisedAt: command.now } }];
    }
    case 'RetireConversionRule': {
      if (state.status === 'unpublished') throw notFound(command.ruleId);
      if (state.status === 'retired') return [];
      if (command.expectedVersion !== undefined && command.expectedVersion !== state.version) throw revisionConflict(command.expectedVersion, state.version, 'version');
      const reason = typeof command.reason === 'string' ? command.reason.trim() : undefined;
      if (reason && reason.length > RETIRE_REASON_MAX_LENGTH) {
        throw conversionRuleInvalid([{ field: 'reason', code: CatalogFieldCodes.TOO_LONG, message: `reason must be at most ${RETIRE_REASON_MAX_LENGTH} characters` }]);
      }
      return [{ type: 'ConversionRuleRetired', data: { ruleId: state.ruleId, version: state.version, ...(reason ? { reason } : {}), retiredAt: command.now } }];
    }
    default:
      return assertNever(command, 'conversion rule command');
  }
}

export const conversionRuleDecider: Decider<ConversionRuleCommand, ConversionRuleEvent, ConversionRuleState> = {
  initialState: { status: 'unpublished' },
  evolve,
  decide,
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const conversionRuleTransitions: TransitionRules<ConversionRuleEvent> = {
  ConversionRulePublished: ['unpublished'],
  ConversionRuleRevised: ['active'],
  ConversionRuleRetired: ['active'],
};
