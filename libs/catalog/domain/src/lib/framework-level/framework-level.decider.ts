import { assertNever, Decider, DomainError, FieldError, TransitionRules } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { FRAMEWORK_LEVEL_MAX, FRAMEWORK_LEVEL_MIN, isFrameworkLevel } from './framework-level-range';
import { FrameworkLevelContent, FrameworkLevelEvent } from './framework-level.events';

/** Defines a level of the framework. Defining it again with identical texts is a no-op. */
export interface DefineFrameworkLevel extends FrameworkLevelContent {
  type: 'DefineFrameworkLevel';
  now: string;
}

/**
 * The administrator's PUT: defines the level if it is not yet, else revises its texts
 * (identical texts: no-op).
 */
export interface ReviseFrameworkLevel extends FrameworkLevelContent {
  type: 'ReviseFrameworkLevel';
  now: string;
}

export type FrameworkLevelCommand = DefineFrameworkLevel | ReviseFrameworkLevel;

export type FrameworkLevelState = { status: 'undefined' } | { status: 'defined'; content: FrameworkLevelContent };

export const FRAMEWORK_LEVEL_TEXT_MAX_LENGTH = 2000;
const TEXT_FIELDS = ['name', 'nameZh', 'knowledge', 'skills', 'competence'] as const;

function normalize(command: FrameworkLevelCommand): FrameworkLevelContent {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : (v as string));
  return {
    level: command.level,
    name: text(command.name),
    nameZh: text(command.nameZh),
    knowledge: text(command.knowledge),
    skills: text(command.skills),
    competence: text(command.competence),
  };
}

function errorsOf(c: FrameworkLevelContent): FieldError[] {
  const errors: FieldError[] = [];
  if (!isFrameworkLevel(c.level)) {
    errors.push({ field: 'level', code: CatalogFieldCodes.FRAMEWORK_LEVEL_OUT_OF_RANGE, message: `level must be an integer from ${FRAMEWORK_LEVEL_MIN} to ${FRAMEWORK_LEVEL_MAX}` });
  }
  for (const field of TEXT_FIELDS) {
    const value = c[field];
    if (typeof value !== 'string' || value.length === 0) errors.push({ field, code: CatalogFieldCodes.REQUIRED, message: `${field} is required` });
    else if (value.length > FRAMEWORK_LEVEL_TEXT_MAX_LENGTH) {
      errors.push({ field, code: CatalogFieldCodes.TOO_LONG, message: `${field} must be at most ${FRAMEWORK_LEVEL_TEXT_MAX_LENGTH} characters` });
    }
  }
  return errors;
}

const same = (a: FrameworkLevelContent, b: FrameworkLevelContent): boolean => a.level === b.level && TEXT_FIELDS.every((f) => a[f] === b[f]);

function evolve(_state: FrameworkLevelState, event: FrameworkLevelEvent): FrameworkLevelState {
  switch (event.type) {
    case 'FrameworkLevelDefined': {
      const { definedAt: _definedAt, ...content } = event.data;
      return { status: 'defined', content };
    }
    case 'FrameworkLevelRevised': {
      const { revisedAt: _revisedAt, ...content } = event.data;
      return { status: 'defined', content };
    }
    default:
      return assertNever(event, 'framework level event');
  }
}

function decide(command: FrameworkLevelCommand, state: FrameworkLevelState): FrameworkLevelEvent[] {
  const content = normalize(command);
  const errors = errorsOf(content);
  if (errors.length) throw new DomainError(CatalogErrorCodes.FRAMEWORK_LEVEL_INVALID, 'validation', 'The framework level has invalid fields.', undefined, errors);
  switch (command.type) {
    case 'ReviseFrameworkLevel':
      if (state.status === 'undefined') return [{ type: 'FrameworkLevelDefined', data: { ...content, definedAt: command.now } }];
      if (same(state.content, content)) return [];
      return [{ type: 'FrameworkLevelRevised', data: { ...content, revisedAt: command.now } }];
    case 'DefineFrameworkLevel': {
      switch (state.status) {
        case 'undefined':
          return [{ type: 'FrameworkLevelDefined', data: { ...content, definedAt: command.now } }];
        case 'defined':
          if (same(state.content, content)) return [];
          throw new DomainError(CatalogErrorCodes.FRAMEWORK_LEVEL_ALREADY_DEFINED, 'conflict', `Level ${content.level} is already defined with different texts.`, {
            level: content.level,
          });
        default:
          return assertNever(state, 'framework level state');
      }
    }
    default:
      return assertNever(command, 'framework level command');
  }
}

export const frameworkLevelDecider: Decider<FrameworkLevelCommand, FrameworkLevelEvent, FrameworkLevelState> = {
  initialState: { status: 'undefined' },
  evolve,
  decide,
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const frameworkLevelTransitions: TransitionRules<FrameworkLevelEvent> = { FrameworkLevelDefined: ['undefined'], FrameworkLevelRevised: ['defined'] };
