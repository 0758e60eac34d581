import { creditCodeCheckCharacter, DomainError, fold, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import {
  ListQualificationInstitution,
  QualificationInstitutionCommand,
  qualificationInstitutionDecider,
  qualificationInstitutionTransitions,
  ReviseQualificationInstitution,
} from './qualification-institution.decider';
import { QualificationInstitutionEvent, qualificationInstitutionStreamId } from './qualification-institution.events';

const ID = '3a7c1e52-9d4b-8f10-a2c3-4d5e6f708192';
const NOW = '2025-03-01T08:00:00.000Z';
const LATER = '2025-03-02T08:00:00.000Z';
const code = (first17: string) => `${first17}${creditCodeCheckCharacter(first17)}`;
const CODE = code('12440000455858060');
const OTHER_CODE = code('12440100MB2C45678');

const list = (content: object = {}): ListQualificationInstitution => ({
  type: 'ListQualificationInstitution',
  institutionId: ID,
  content: { name: '广东开放大学', creditCode: CODE, aliases: ['广东广播电视大学'], ...content } as ListQualificationInstitution['content'],
  now: NOW,
});
const listed: QualificationInstitutionEvent = {
  type: 'QualificationInstitutionListed',
  data: { institutionId: ID, name: '广东开放大学', creditCode: CODE, aliases: ['广东广播电视大学'], listedAt: NOW },
};
const revise = (changes: object, expectedRevision?: number): ReviseQualificationInstitution => ({
  type: 'ReviseQualificationInstitution',
  institutionId: ID,
  changes,
  ...(expectedRevision !== undefined ? { expectedRevision } : {}),
  now: LATER,
});

function refusal(given: QualificationInstitutionEvent[], when: QualificationInstitutionCommand): DomainError {
  try {
    givenWhenThen(qualificationInstitutionDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
const fieldCodes = (e: DomainError): Record<string, string> => Object.fromEntries((e.errors ?? []).map((f) => [f.field, f.code]));

describe('qualification institution decider: ListQualificationInstitution', () => {
  it('lists an institution with its name, credit code and aliases', () => {
    expect(givenWhenThen(qualificationInstitutionDecider, [], list())).toEqual([listed]);
  });

  it('trims the texts, upper-cases the code, drops blank, repeated and name-equal aliases (white space collapsed, the ideographic space too); no code is null', () => {
    const [event] = givenWhenThen(
      qualificationInstitutionDecider,
      [],
      list({ name: '  广东开放大学 ', creditCode: ` ${CODE.toLowerCase()} `, aliases: [' 广东广播电视大学', '', '广东广播电视大学', '广东开放大学', '广东　电大'] }),
    );
    expect(event.data).toEqual({ institutionId: ID, name: '广东开放大学', creditCode: CODE, aliases: ['广东广播电视大学', '广东 电大'], listedAt: NOW });
    expect(givenWhenThen(qualificationInstitutionDecider, [], list({ creditCode: undefined, aliases: undefined }))[0].data).toMatchObject({ creditCode: null, aliases: [] });
    expect(givenWhenThen(qualificationInstitutionDecider, [], list({ creditCode: '' }))[0].data).toMatchObject({ creditCode: null });
  });

  it('listing identical content again yields no events (the seed and the backfill run at every start)', () => {
    expect(givenWhenThen(qualificationInstitutionDecider, [listed], { ...list(), now: LATER })).toEqual([]);
  });

  it('refuses other content under a listed id', () => {
    expect(refusal([listed], list({ aliases: [] }))).toMatchObject({ code: CatalogErrorCodes.INSTITUTION_ALREADY_LISTED, kind: 'conflict', details: { institutionId: ID } });
  });

  it('checks the credit code with its check character', () => {
    expect(fieldCodes(refusal([], list({ creditCode: 'ABC' })))).toEqual({ creditCode: CatalogFieldCodes.CREDIT_CODE_FORMAT });
    const wrong = `${CODE.slice(0, 17)}${CODE[17] === '0' ? '1' : '0'}`;
    expect(refusal([], list({ creditCode: wrong }))).toMatchObject({ code: CatalogErrorCodes.INSTITUTION_INVALID, kind: 'validation' });
    expect(fieldCodes(refusal([], list({ creditCode: wrong })))).toEqual({ creditCode: CatalogFieldCodes.CREDIT_CODE_CHECK_CHARACTER });
  });

  it('refuses a missing or too long name and too many or too long aliases, each named', () => {
    expect(fieldCodes(refusal([], list({ name: ' ', aliases: ['校'.repeat(201)] })))).toEqual({ name: CatalogFieldCodes.REQUIRED, 'aliases[0]': CatalogFieldCodes.TOO_LONG });
    expect(fieldCodes(refusal([], list({ name: '校'.repeat(201), aliases: Array.from({ length: 21 }, (_, i) => `别名${i}`) })))).toEqual({
      name: CatalogFieldCodes.TOO_LONG,
      aliases: CatalogFieldCodes.TOO_LONG,
    });
  });
});

describe('qualification institution decider: ReviseQualificationInstitution', () => {
  it('records only the fields that changed', () => {
    expect(givenWhenThen(qualificationInstitutionDecider, [listed], revise({ name: '广东开放大学', creditCode: OTHER_CODE, aliases: ['广东广播电视大学'] }))).toEqual([
      { type: 'QualificationInstitutionRevised', data: { institutionId: ID, changes: { creditCode: OTHER_CODE }, revisedAt: LATER } },
    ]);
  });

  it('removes the credit code with null; nothing changed is no event', () => {
    const events = givenWhenThen(qualificationInstitutionDecider, [listed], revise({ creditCode: null }));
    expect(events[0].data).toMatchObject({ changes: { creditCode: null } });
    const state = fold(qualificationInstitutionDecider, [listed, ...events]);
    expect(state).toMatchObject({ status: 'listed', revision: 1, content: { name: '广东开放大学', creditCode: null } });
    expect(givenWhenThen(qualificationInstitutionDecider, [listed, ...events], revise({ creditCode: null }))).toEqual([]);
  });

  it('refuses an unknown institution, a stale revision and an invalid result', () => {
    expect(refusal([], revise({ name: 'x' }))).toMatchObject({ code: CatalogErrorCodes.INSTITUTION_NOT_FOUND, kind: 'not_found' });
    expect(refusal([listed], revise({ name: '广东开放大学（总部）' }, 1))).toMatchObject({ code: CatalogErrorCodes.REVISION_CONFLICT, details: { expected: 1, current: 0 } });
    expect(fieldCodes(refusal([listed], revise({ name: '' })))).toEqual({ name: CatalogFieldCodes.REQUIRED });
  });
});

describe('qualification institution transitions and stream', () => {
  it('allow exactly what the decider emits', () => {
    const revised: QualificationInstitutionEvent = { type: 'QualificationInstitutionRevised', data: { institutionId: ID, changes: { aliases: [] }, revisedAt: LATER } };
    const initial = qualificationInstitutionDecider.initialState;
    const active = fold(qualificationInstitutionDecider, [listed]);
    expect(transitionError(qualificationInstitutionTransitions, initial, listed)).toBeUndefined();
    expect(transitionError(qualificationInstitutionTransitions, active, revised)).toBeUndefined();
    expect(transitionError(qualificationInstitutionTransitions, active, listed)).toBeDefined();
    expect(transitionError(qualificationInstitutionTransitions, initial, revised)).toBeDefined();
  });

  it('is named catalog.institution-<id>', () => {
    expect(qualificationInstitutionStreamId(ID)).toBe(`catalog.institution-${ID}`);
  });
});
