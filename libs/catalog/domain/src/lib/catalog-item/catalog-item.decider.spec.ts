import { DomainError, fold, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { CatalogItemCommand, catalogItemDecider, catalogItemTransitions, PublishCatalogItem, RetireCatalogItem, ReviseCatalogItem } from './catalog-item.decider';
import { CatalogItemContent, CatalogItemEvent, catalogItemStreamId } from './catalog-item.events';

const ITEM = '0f8c5a52-8c1b-8e4f-9d2a-3b6c7d8e9f01';
const NOW = '2025-03-01T08:00:00.000Z';
const LATER = '2025-03-02T08:00:00.000Z';
const INSTITUTION = '3a7c1e52-9d4b-8f10-a2c3-4d5e6f708192';

const content: CatalogItemContent = {
  category: 'vocational-qualification',
  type: 'national-exam-certificate',
  projectName: '全国计算机等级考试',
  achievementName: '全国计算机等级考试二级及以上证书',
  institutionId: INSTITUTION,
  institutionName: '教育部考试中心',
  frameworkLevel: 3,
  credits: 4,
  sample: false,
};

const publish = (overrides: Partial<CatalogItemContent> = {}, now = NOW): PublishCatalogItem => ({
  type: 'PublishCatalogItem',
  itemId: ITEM,
  content: { ...content, ...overrides },
  now,
});
const published: CatalogItemEvent = { type: 'CatalogItemPublished', data: { itemId: ITEM, ...content, publishedAt: NOW } };
const revise = (changes: Partial<CatalogItemContent>): ReviseCatalogItem => ({ type: 'ReviseCatalogItem', itemId: ITEM, changes, now: LATER });

function refusal(given: CatalogItemEvent[], when: CatalogItemCommand): DomainError {
  try {
    givenWhenThen(catalogItemDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function fieldCodes(e: DomainError): Record<string, string> {
  return Object.fromEntries((e.errors ?? []).map((f) => [f.field, f.code]));
}

describe('catalog item decider: PublishCatalogItem', () => {
  it('publishes a new entry with every field and the time', () => {
    expect(givenWhenThen(catalogItemDecider, [], publish())).toEqual([published]);
  });

  it('trims the names', () => {
    const [event] = givenWhenThen(catalogItemDecider, [], publish({ projectName: '  全国计算机等级考试 ', institutionName: '\t教育部考试中心 ' }));
    expect(event.data).toMatchObject({ projectName: '全国计算机等级考试', institutionName: '教育部考试中心' });
  });

  it('accepts credits with one decimal and the bounds 0.1 and 60', () => {
    for (const credits of [0.1, 3.5, 60]) {
      expect(givenWhenThen(catalogItemDecider, [], publish({ credits }))[0].data).toMatchObject({ credits });
    }
  });

  it('publishing identical content again yields no events (idempotent seeding), even at another time', () => {
    expect(givenWhenThen(catalogItemDecider, [published], publish({}, LATER))).toEqual([]);
    expect(givenWhenThen(catalogItemDecider, [published], publish({ projectName: ' 全国计算机等级考试 ' }))).toEqual([]);
  });

  it('refuses to republish with different content', () => {
    const e = refusal([published], publish({ credits: 5 }));
    expect(e).toMatchObject({ code: CatalogErrorCodes.ITEM_ALREADY_PUBLISHED, kind: 'conflict', details: { itemId: ITEM } });
  });

  it('refuses an unknown category', () => {
    const e = refusal([], publish({ category: 'hobbies' as never }));
    expect(e).toMatchObject({ code: CatalogErrorCodes.ITEM_INVALID, kind: 'validation' });
    expect(fieldCodes(e)).toEqual({ category: CatalogFieldCodes.CATEGORY_UNKNOWN });
  });

  it('refuses a type that belongs to another category, or no category at all', () => {
    expect(fieldCodes(refusal([], publish({ type: 'degree' })))).toEqual({ type: CatalogFieldCodes.TYPE_NOT_IN_CATEGORY });
    expect(fieldCodes(refusal([], publish({ type: 'made-up' as never })))).toEqual({ type: CatalogFieldCodes.TYPE_NOT_IN_CATEGORY });
  });

  it.each([0, 8, 2.5, -1, Number.NaN])('refuses framework level %p', (frameworkLevel) => {
    expect(fieldCodes(refusal([], publish({ frameworkLevel })))).toEqual({ frameworkLevel: CatalogFieldCodes.FRAMEWORK_LEVEL_OUT_OF_RANGE });
  });

  it.each([0, -2, 60.5, 61, 2.25, Number.POSITIVE_INFINITY, '3' as unknown as number])('refuses credits %p', (credits) => {
    expect(fieldCodes(refusal([], publish({ credits })))).toEqual({ credits: CatalogFieldCodes.CREDITS_INVALID });
  });

  it('refuses empty or blank names and a missing institution, each named', () => {
    const e = refusal([], publish({ projectName: '', achievementName: '   ', institutionId: undefined as never, institutionName: undefined as never }));
    expect(fieldCodes(e)).toEqual({
      projectName: CatalogFieldCodes.REQUIRED,
      achievementName: CatalogFieldCodes.REQUIRED,
      institutionId: CatalogFieldCodes.REQUIRED,
    });
  });

  it('needs the directory name with the institution id (the handler takes it from the directory)', () => {
    expect(fieldCodes(refusal([], publish({ institutionName: ' ' })))).toEqual({ institutionName: CatalogFieldCodes.REQUIRED });
  });

  it('refuses names longer than 200 characters', () => {
    expect(fieldCodes(refusal([], publish({ achievementName: '证'.repeat(201) })))).toEqual({ achievementName: CatalogFieldCodes.TOO_LONG });
  });

  it('refuses a sample flag that is not a boolean', () => {
    expect(fieldCodes(refusal([], publish({ sample: 'yes' as never })))).toEqual({ sample: CatalogFieldCodes.SAMPLE_FLAG_INVALID });
  });

  it('validates before looking at the state: bad content on a published entry is invalid, not a conflict', () => {
    expect(refusal([published], publish({ frameworkLevel: 9 })).code).toBe(CatalogErrorCodes.ITEM_INVALID);
  });
});

describe('catalog item decider: ReviseCatalogItem', () => {
  it('records only the fields that changed', () => {
    expect(givenWhenThen(catalogItemDecider, [published], revise({ credits: 4.5, projectName: '全国计算机等级考试', frameworkLevel: 4 }))).toEqual([
      { type: 'CatalogItemRevised', data: { itemId: ITEM, changes: { credits: 4.5, frameworkLevel: 4 }, revisedAt: LATER } },
    ]);
  });

  it('the revised state is what a later identical revision sees: no events', () => {
    const events = [published, ...givenWhenThen(catalogItemDecider, [published], revise({ credits: 4.5 }))];
    expect(fold(catalogItemDecider, events)).toMatchObject({ status: 'published', content: { ...content, credits: 4.5 } });
    expect(givenWhenThen(catalogItemDecider, events, revise({ credits: 4.5 }))).toEqual([]);
  });

  it('moves the entry to another institution: id and directory name change together', () => {
    const OTHER = '5b2d3c4e-1111-8222-9333-444455556666';
    const [event] = givenWhenThen(catalogItemDecider, [published], revise({ institutionId: OTHER, institutionName: '广东省职业技能鉴定指导中心' }));
    expect(event.data).toMatchObject({ changes: { institutionId: OTHER, institutionName: '广东省职业技能鉴定指导中心' } });
  });

  it('changes category and type together', () => {
    const [event] = givenWhenThen(catalogItemDecider, [published], revise({ category: 'training-performance', type: 'training-certificate' }));
    expect(event.data).toMatchObject({ changes: { category: 'training-performance', type: 'training-certificate' } });
  });

  it('refuses an entry that was never published', () => {
    expect(refusal([], revise({ credits: 2 }))).toMatchObject({ code: CatalogErrorCodes.ITEM_NOT_FOUND, kind: 'not_found' });
  });

  it('refuses a revision that breaks a rule, checked on the revised whole', () => {
    expect(fieldCodes(refusal([published], revise({ category: 'technician-education' })))).toEqual({ type: CatalogFieldCodes.TYPE_NOT_IN_CATEGORY });
    expect(fieldCodes(refusal([published], revise({ credits: 0, achievementName: ' ' })))).toEqual({
      credits: CatalogFieldCodes.CREDITS_INVALID,
      achievementName: CatalogFieldCodes.REQUIRED,
    });
  });

  it('publishing the original content after a revision is a conflict (the entry changed)', () => {
    const revised: CatalogItemEvent = { type: 'CatalogItemRevised', data: { itemId: ITEM, changes: { credits: 4.5 }, revisedAt: LATER } };
    expect(refusal([published, revised], publish()).code).toBe(CatalogErrorCodes.ITEM_ALREADY_PUBLISHED);
  });
});

describe('catalog item decider: RetireCatalogItem and revisions', () => {
  const retire = (extra: Partial<RetireCatalogItem> = {}): RetireCatalogItem => ({ type: 'RetireCatalogItem', itemId: ITEM, now: LATER, ...extra });
  const revisedOnce: CatalogItemEvent = { type: 'CatalogItemRevised', data: { itemId: ITEM, changes: { credits: 4.5 }, revisedAt: LATER } };
  const retiredEvent: CatalogItemEvent = { type: 'CatalogItemRetired', data: { itemId: ITEM, retiredAt: LATER } };

  it('retires a published entry, with a trimmed reason', () => {
    expect(givenWhenThen(catalogItemDecider, [published], retire({ reason: ' 证书已停考 ' }))).toEqual([
      { type: 'CatalogItemRetired', data: { itemId: ITEM, reason: '证书已停考', retiredAt: LATER } },
    ]);
    expect(givenWhenThen(catalogItemDecider, [published], retire())).toEqual([retiredEvent]);
  });

  it('retiring a retired entry is a no-op', () => {
    expect(givenWhenThen(catalogItemDecider, [published, retiredEvent], retire())).toEqual([]);
  });

  it('refuses to retire an unknown entry, with a stale revision, or with a reason over 500 characters', () => {
    expect(refusal([], retire())).toMatchObject({ code: CatalogErrorCodes.ITEM_NOT_FOUND, kind: 'not_found' });
    expect(refusal([published, revisedOnce], retire({ expectedRevision: 0 }))).toMatchObject({
      code: CatalogErrorCodes.REVISION_CONFLICT,
      kind: 'conflict',
      details: { expected: 0, current: 1 },
    });
    expect(fieldCodes(refusal([published], retire({ reason: '因'.repeat(501) })))).toEqual({ reason: CatalogFieldCodes.TOO_LONG });
  });

  it('refuses to revise a retired entry', () => {
    expect(refusal([published, retiredEvent], revise({ credits: 2 }))).toMatchObject({ code: CatalogErrorCodes.ITEM_RETIRED, kind: 'conflict' });
  });

  it('counts revisions from 0 and honours the expected revision of a revision', () => {
    expect(fold(catalogItemDecider, [published, revisedOnce])).toMatchObject({ status: 'published', revision: 1 });
    expect(givenWhenThen(catalogItemDecider, [published, revisedOnce], { ...revise({ credits: 5 }), expectedRevision: 1 })).toHaveLength(1);
    expect(refusal([published, revisedOnce], { ...revise({ credits: 5 }), expectedRevision: 0 }).code).toBe(CatalogErrorCodes.REVISION_CONFLICT);
  });

  it('republishing the same content after retirement is a no-op (reseeding keeps it retired)', () => {
    expect(givenWhenThen(catalogItemDecider, [published, retiredEvent], publish())).toEqual([]);
    expect(fold(catalogItemDecider, [published, retiredEvent]).status).toBe('retired');
  });

  it('transition rules allow exactly what the decider emits', () => {
    const active = fold(catalogItemDecider, [published]);
    const gone = fold(catalogItemDecider, [published, retiredEvent]);
    expect(transitionError(catalogItemTransitions, active, retiredEvent)).toBeUndefined();
    expect(transitionError(catalogItemTransitions, gone, revisedOnce)).toBeDefined();
    expect(transitionError(catalogItemTransitions, gone, retiredEvent)).toBeDefined();
  });
});

describe('catalog item stream', () => {
  it('is named catalog.item-<id>', () => {
    expect(catalogItemStreamId(ITEM)).toBe(`catalog.item-${ITEM}`);
  });
});
