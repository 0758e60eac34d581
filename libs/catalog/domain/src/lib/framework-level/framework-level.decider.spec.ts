import { DomainError, fold, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { DefineFrameworkLevel, FrameworkLevelCommand, frameworkLevelDecider, frameworkLevelTransitions, ReviseFrameworkLevel } from './framework-level.decider';
import { FrameworkLevelEvent } from './framework-level.events';
import { frameworkLevelStreamId } from './framework-level-range';

const NOW = '2025-03-01T08:00:00.000Z';
const texts = {
  name: 'Level 4',
  nameZh: '第四级',
  knowledge: '掌握某一领域较系统的专业理论知识',
  skills: '能运用专业技能解决较复杂的实际问题',
  competence: '能在变化的环境中独立开展工作并指导他人',
};
const define = (overrides: Partial<DefineFrameworkLevel> = {}): DefineFrameworkLevel => ({ type: 'DefineFrameworkLevel', level: 4, ...texts, now: NOW, ...overrides });
const defined: FrameworkLevelEvent = { type: 'FrameworkLevelDefined', data: { level: 4, ...texts, definedAt: NOW } };

function refusal(given: FrameworkLevelEvent[], when: FrameworkLevelCommand): DomainError {
  try {
    givenWhenThen(frameworkLevelDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('framework level decider: DefineFrameworkLevel', () => {
  it('defines a level with its knowledge, skills and competence', () => {
    expect(givenWhenThen(frameworkLevelDecider, [], define())).toEqual([defined]);
  });

  it('accepts levels 1 and 7', () => {
    expect(givenWhenThen(frameworkLevelDecider, [], define({ level: 1 }))[0].data.level).toBe(1);
    expect(givenWhenThen(frameworkLevelDecider, [], define({ level: 7 }))[0].data.level).toBe(7);
  });

  it('defining identical texts again yields no events', () => {
    expect(givenWhenThen(frameworkLevelDecider, [defined], define({ now: '2026-01-01T00:00:00.000Z', knowledge: ` ${texts.knowledge} ` }))).toEqual([]);
  });

  it('refuses to redefine a level with different texts', () => {
    expect(refusal([defined], define({ skills: '其他描述' }))).toMatchObject({
      code: CatalogErrorCodes.FRAMEWORK_LEVEL_ALREADY_DEFINED,
      kind: 'conflict',
      details: { level: 4 },
    });
  });

  it.each([0, 8, 3.5, -1])('refuses level %p', (level) => {
    const e = refusal([], define({ level }));
    expect(e).toMatchObject({ code: CatalogErrorCodes.FRAMEWORK_LEVEL_INVALID, kind: 'validation' });
    expect(e.errors).toEqual([expect.objectContaining({ field: 'level', code: CatalogFieldCodes.FRAMEWORK_LEVEL_OUT_OF_RANGE })]);
  });

  it('refuses empty texts, each named', () => {
    const e = refusal([], define({ name: '', nameZh: ' ', knowledge: '', skills: '\n', competence: '' }));
    expect(e.code).toBe(CatalogErrorCodes.FRAMEWORK_LEVEL_INVALID);
    expect(e.errors?.map((f) => f.field)).toEqual(['name', 'nameZh', 'knowledge', 'skills', 'competence']);
    expect(new Set(e.errors?.map((f) => f.code))).toEqual(new Set([CatalogFieldCodes.REQUIRED]));
  });

  it('refuses texts over 2000 characters', () => {
    expect(refusal([], define({ competence: '能'.repeat(2001) })).errors).toEqual([expect.objectContaining({ field: 'competence', code: CatalogFieldCodes.TOO_LONG })]);
  });

  it('streams are named catalog.framework-level-<n>', () => {
    expect(frameworkLevelStreamId(3)).toBe('catalog.framework-level-3');
  });
});

describe('framework level decider: ReviseFrameworkLevel (the administrator’s PUT)', () => {
  const put = (overrides: Partial<ReviseFrameworkLevel> = {}): ReviseFrameworkLevel => ({ type: 'ReviseFrameworkLevel', level: 4, ...texts, now: '2025-05-01T08:00:00.000Z', ...overrides });

  it('defines an undefined level', () => {
    expect(givenWhenThen(frameworkLevelDecider, [], put())).toEqual([{ type: 'FrameworkLevelDefined', data: { level: 4, ...texts, definedAt: '2025-05-01T08:00:00.000Z' } }]);
  });

  it('revises a defined level with all its texts', () => {
    const events = givenWhenThen(frameworkLevelDecider, [defined], put({ skills: ' 能独立解决复杂问题 ' }));
    expect(events).toEqual([{ type: 'FrameworkLevelRevised', data: { level: 4, ...texts, skills: '能独立解决复杂问题', revisedAt: '2025-05-01T08:00:00.000Z' } }]);
    expect(fold(frameworkLevelDecider, [defined, ...events])).toEqual({ status: 'defined', content: { level: 4, ...texts, skills: '能独立解决复杂问题' } });
    expect(transitionError(frameworkLevelTransitions, fold(frameworkLevelDecider, [defined]), events[0])).toBeUndefined();
  });

  it('identical texts: no events', () => {
    expect(givenWhenThen(frameworkLevelDecider, [defined], put())).toEqual([]);
  });

  it('refuses invalid texts and levels like a definition', () => {
    expect(refusal([defined], put({ knowledge: '' })).errors).toEqual([expect.objectContaining({ field: 'knowledge', code: CatalogFieldCodes.REQUIRED })]);
    expect(refusal([], put({ level: 8 })).code).toBe(CatalogErrorCodes.FRAMEWORK_LEVEL_INVALID);
  });

  it('a revised level still refuses a seed definition with other texts (the seeder keeps it)', () => {
    const revised: FrameworkLevelEvent = { type: 'FrameworkLevelRevised', data: { level: 4, ...texts, skills: '新', revisedAt: NOW } };
    expect(refusal([defined, revised], define()).code).toBe(CatalogErrorCodes.FRAMEWORK_LEVEL_ALREADY_DEFINED);
  });
});
