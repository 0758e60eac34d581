import { DomainEvent } from '@credit-bank/kernel';

/** One level of the qualifications framework, described by knowledge (知识), skills (技能) and competence (能力). */
export interface FrameworkLevelContent {
  level: number;
  /** English name, e.g. "Level 4". */
  name: string;
  /** Chinese name, e.g. "第四级". */
  nameZh: string;
  knowledge: string;
  skills: string;
  competence: string;
}

export type FrameworkLevelDefined = DomainEvent<'FrameworkLevelDefined', FrameworkLevelContent & { definedAt: string }>;

/** The administrator revised the texts of a defined level; the event carries all of them. */
export type FrameworkLevelRevised = DomainEvent<'FrameworkLevelRevised', FrameworkLevelContent & { revisedAt: string }>;

export type FrameworkLevelEvent = FrameworkLevelDefined | FrameworkLevelRevised;

export const FRAMEWORK_LEVEL_EVENT_TYPES: ReadonlyArray<FrameworkLevelEvent['type']> = ['FrameworkLevelDefined', 'FrameworkLevelRevised'];

export const FRAMEWORK_LEVEL_STREAM_PREFIX = 'catalog.framework-level-';
