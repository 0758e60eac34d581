import { DomainError, fold, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import {
  ConversionRuleCommand,
  conversionRuleDecider,
  conversionRuleTransitions,
  PublishConversionRule,
  RetireConversionRule,
  ReviseConversionRule,
} from './conversion-rule.decider';
import { ConversionRuleContent, ConversionRuleEvent, conversionRuleStreamId } from './conversion-rule.events';

const RULE = '5b0e7c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const NCRE2 = '0f8c5a52-8c1b-8e4f-9d2a-3b6c7d8e9f01';
const OU = '7e1f2a3b-4c5d-8e6f-9a0b-1c2d3e4f5a6b';
const NOW = '2025-03-01T08:00:00.000Z';
const LATER = '2025-04-01T08:00:00.000Z';

const content: ConversionRuleContent = {
  name: '全国计算机等级考试二级证书转换《计算机应用基础》课程学分',
  kind: 'achievement',
  sources: { catalogItemIds: [NCRE2], minFrameworkLevel: 3 },
  target: { programme: '计算机应用技术（专科）', course: '计算机应用基础', awardingInstitutionId: OU, awardingInstitution: '广东开放大学', credits: 3 },
  limits: { maxCreditsPerTarget: 3, maxAchievements: 1 },
  effectiveFrom: '2025-09-01',
};

type Overrides = { [K in keyof ConversionRuleContent]?: unknown };
const publish = (overrides: Overrides = {}, extra: Partial<PublishConversionRule> = {}): PublishConversionRule => ({
  type: 'PublishConversionRule',
  ruleId: RULE,
  content: { ...content, ...overrides } as ConversionRuleContent,
  now: NOW,
  ...extra,
});
const published: ConversionRuleEvent = { type: 'ConversionRulePublished', data: { ruleId: RULE, version: 1, ...content, publishedAt: NOW } };
const revise = (overrides: Overrides, expectedVersion = 1): ReviseConversionRule => ({
  type: 'ReviseConversionRule',
  ruleId: RULE,
  expectedVersion,
  content: { ...content, ...overrides } as ConversionRuleContent,
  now: LATER,
});
const revisedTo2: ConversionRuleEvent = {
  type: 'ConversionRuleRevised',
  data: { ruleId: RULE, version: 2, ...content, target: { ...content.target, credits: 4 }, limits: { maxCreditsPerTarget: 4, maxAchievements: 1 }, revisedAt: LATER },
};
const retire = (extra: Partial<RetireConversionRule> = {}): RetireConversionRule => ({ type: 'RetireConversionRule', ruleId: RULE, now: LATER, ...extra });
const retired: ConversionRuleEvent = { type: 'ConversionRuleRetired', data: { ruleId: RULE, version: 1, retiredAt: LATER } };

function refusal(given: ConversionRuleEvent[], when: ConversionRuleCommand): DomainError {
  try {
    givenWhenThen(conversionRuleDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
const fieldCodes = (e: DomainError): Record<string, string> => Object.fromEntries((e.errors ?? []).map((f) => [f.field, f.code]));

describe('conversion rule decider: PublishConversionRule', () => {
  it('publishes version 1 with the whole content and the time', () => {
    expect(givenWhenThen(conversionRuleDecider, [], publish())).toEqual([published]);
  });

  it('trims texts, drops an empty course and absent optional values, defaults the limits to none', () => {
    const [event] = givenWhenThen(
      conversionRuleDecider,
      [],
      publish({ name: `  ${content.name} `, target: { ...content.target, course: ' ', programme: ' 计算机应用技术（专科）' }, limits: undefined, sources: { category: 'vocational-qualification', minFrameworkLevel: undefined } }),
    );
    expect(event.data).toMatchObject({ name: content.name, limits: {}, sources: { category: 'vocational-qualification' } });
    expect((event.data as { target: object }).target).toEqual({ programme: '计算机应用技术（专科）', awardingInstitutionId: OU, awardingInstitution: '广东开放大学', credits: 3 });
    expect('minFrameworkLevel' in (event.data as { sources: object }).sources).toBe(false);
  });

  it('publishing identical content again yields no events (idempotent seeding)', () => {
    expect(givenWhenThen(conversionRuleDecider, [published], publish({}, { now: LATER }))).toEqual([]);
    expect(givenWhenThen(conversionRuleDecider, [published], publish({ name: ` ${content.name}` }))).toEqual([]);
  });

  it('refuses to republish with different content', () => {
    expect(refusal([published], publish({ effectiveFrom: '2026-01-01' }))).toMatchObject({
      code: CatalogErrorCodes.CONVERSION_RULE_ALREADY_PUBLISHED,
      kind: 'conflict',
      details: { ruleId: RULE },
    });
  });

  it('refuses missing name, kind, sources, target and a bad date, each named', () => {
    const e = refusal([], publish({ name: ' ', kind: 'barter', sources: undefined, target: undefined, effectiveFrom: '2025-02-30' }));
    expect(e).toMatchObject({ code: CatalogErrorCodes.CONVERSION_RULE_INVALID, kind: 'validation' });
    expect(fieldCodes(e)).toEqual({
      name: CatalogFieldCodes.REQUIRED,
      kind: CatalogFieldCodes.KIND_UNKNOWN,
      sources: CatalogFieldCodes.REQUIRED,
      target: CatalogFieldCodes.REQUIRED,
      effectiveFrom: CatalogFieldCodes.DATE_INVALID,
    });
  });

  it('refuses sources without any criterion', () => {
    expect(fieldCodes(refusal([], publish({ sources: {} })))).toEqual({ sources: CatalogFieldCodes.SOURCES_EMPTY });
  });

  it('refuses unknown, malformed and duplicate catalogue entries, each by its index', () => {
    const other = '1a2b3c4d-0000-4000-8000-000000000001';
    const e = refusal([], publish({ sources: { catalogItemIds: [NCRE2, 'nope', other, NCRE2] } }, { unknownCatalogItemIds: [other] }));
    expect(fieldCodes(e)).toEqual({
      'sources.catalogItemIds[1]': CatalogFieldCodes.CATALOG_ITEM_UNKNOWN,
      'sources.catalogItemIds[2]': CatalogFieldCodes.CATALOG_ITEM_UNKNOWN,
      'sources.catalogItemIds[3]': CatalogFieldCodes.DUPLICATE,
    });
    expect(fieldCodes(refusal([], publish({ sources: { catalogItemIds: [] } })))).toEqual({ 'sources.catalogItemIds': CatalogFieldCodes.REQUIRED });
  });

  it('refuses an unknown category, a level outside 1..7, and a work-performance rule on another category', () => {
    expect(fieldCodes(refusal([], publish({ sources: { category: 'hobbies', minFrameworkLevel: 8 } })))).toEqual({
      'sources.category': CatalogFieldCodes.CATEGORY_UNKNOWN,
      'sources.minFrameworkLevel': CatalogFieldCodes.FRAMEWORK_LEVEL_OUT_OF_RANGE,
    });
    expect(fieldCodes(refusal([], publish({ kind: 'work-performance', sources: { category: 'academic-education' } })))).toEqual({
      'sources.category': CatalogFieldCodes.CATEGORY_NOT_FOR_KIND,
    });
    expect(givenWhenThen(conversionRuleDecider, [], publish({ kind: 'work-performance', sources: { category: 'training-performance' } }))).toHaveLength(1);
  });

  it('refuses a target without programme or institution and with bad credits', () => {
    expect(fieldCodes(refusal([], publish({ target: { programme: '', awardingInstitution: undefined, credits: 2.25, course: '课'.repeat(201) } })))).toEqual({
      'target.programme': CatalogFieldCodes.REQUIRED,
      'target.course': CatalogFieldCodes.TOO_LONG,
      'target.awardingInstitutionId': CatalogFieldCodes.REQUIRED,
      'target.credits': CatalogFieldCodes.CREDITS_INVALID,
    });
    // The id given, the directory's name missing (the handler takes it from the directory).
    expect(fieldCodes(refusal([], publish({ target: { ...content.target, awardingInstitution: ' ' } })))).toEqual({ 'target.awardingInstitution': CatalogFieldCodes.REQUIRED });
  });

  it('refuses limits that are out of range or below the credits of one conversion', () => {
    expect(fieldCodes(refusal([], publish({ limits: { maxCreditsPerTarget: 2, maxAchievements: 0 } })))).toEqual({
      'limits.maxCreditsPerTarget': CatalogFieldCodes.LIMIT_INVALID,
      'limits.maxAchievements': CatalogFieldCodes.LIMIT_INVALID,
    });
    expect(fieldCodes(refusal([], publish({ limits: { maxCreditsPerTarget: -1, maxAchievements: 1.5 } })))).toEqual({
      'limits.maxCreditsPerTarget': CatalogFieldCodes.LIMIT_INVALID,
      'limits.maxAchievements': CatalogFieldCodes.LIMIT_INVALID,
    });
  });
});

describe('conversion rule decider: ReviseConversionRule', () => {
  it('records version 2 with the whole new content', () => {
    const events = givenWhenThen(conversionRuleDecider, [published], revise({ target: { ...content.target, credits: 4 }, limits: { maxCreditsPerTarget: 4, maxAchievements: 1 } }));
    expect(events).toEqual([revisedTo2]);
    expect(fold(conversionRuleDecider, [published, ...events])).toMatchObject({ status: 'active', version: 2, content: { target: { credits: 4 } } });
  });

  it('then version 3 from version 2', () => {
    const [event] = givenWhenThen(conversionRuleDecider, [published, revisedTo2], revise({ name: '新名称' }, 2));
    expect(event.data).toMatchObject({ version: 3, name: '新名称', target: { credits: 3 } });
  });

  it('identical content makes no new version', () => {
    expect(givenWhenThen(conversionRuleDecider, [published], revise({}))).toEqual([]);
  });

  it('refuses a stale expected version with CATALOG.REVISION_CONFLICT (another revision came first)', () => {
    expect(refusal([published, revisedTo2], revise({ name: 'x' }, 1))).toMatchObject({
      code: CatalogErrorCodes.REVISION_CONFLICT,
      kind: 'conflict',
      details: { expected: 1, current: 2 },
    });
  });

  it('refuses an unknown rule, a retired rule, and invalid content', () => {
    expect(refusal([], revise({}))).toMatchObject({ code: CatalogErrorCodes.CONVERSION_RULE_NOT_FOUND, kind: 'not_found' });
    expect(refusal([published, retired], revise({ name: 'x' }))).toMatchObject({ code: CatalogErrorCodes.CONVERSION_RULE_RETIRED, kind: 'conflict' });
    expect(fieldCodes(refusal([published], revise({ effectiveFrom: '2025/09/01' })))).toEqual({ effectiveFrom: CatalogFieldCodes.DATE_INVALID });
  });
});

describe('conversion rule decider: RetireConversionRule', () => {
  it('retires the rule at its current version, with a reason', () => {
    expect(givenWhenThen(conversionRuleDecider, [published, revisedTo2], retire({ reason: ' 课程已停开 ' }))).toEqual([
      { type: 'ConversionRuleRetired', data: { ruleId: RULE, version: 2, reason: '课程已停开', retiredAt: LATER } },
    ]);
  });

  it('retiring again is a no-op; the state keeps the last version', () => {
    expect(givenWhenThen(conversionRuleDecider, [published, retired], retire())).toEqual([]);
    expect(fold(conversionRuleDecider, [published, retired])).toMatchObject({ status: 'retired', version: 1 });
  });

  it('refuses an unknown rule, a stale version and a reason over 500 characters', () => {
    expect(refusal([], retire()).code).toBe(CatalogErrorCodes.CONVERSION_RULE_NOT_FOUND);
    expect(refusal([published, revisedTo2], retire({ expectedVersion: 1 })).code).toBe(CatalogErrorCodes.REVISION_CONFLICT);
    expect(fieldCodes(refusal([published], retire({ reason: '因'.repeat(501) })))).toEqual({ reason: CatalogFieldCodes.TOO_LONG });
  });
});

describe('conversion rule transitions and stream', () => {
  it('allow exactly what the decider emits', () => {
    const initial = conversionRuleDecider.initialState;
    const active = fold(conversionRuleDecider, [published]);
    const wasRetired = fold(conversionRuleDecider, [published, retired]);
    expect(transitionError(conversionRuleTransitions, initial, published)).toBeUndefined();
    expect(transitionError(conversionRuleTransitions, active, revisedTo2)).toBeUndefined();
    expect(transitionError(conversionRuleTransitions, active, retired)).toBeUndefined();
    expect(transitionError(conversionRuleTransitions, active, published)).toBeDefined();
    expect(transitionError(conversionRuleTransitions, wasRetired, revisedTo2)).toBeDefined();
    expect(transitionError(conversionRuleTransitions, wasRetired, retired)).toBeDefined();
  });

  it('is named catalog.conversion-rule-<id>', () => {
    expect(conversionRuleStreamId(RULE)).toBe(`catalog.conversion-rule-${RULE}`);
  });
});
