import { DomainError, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { CatalogErrorCodes } from '../catalog-errors';
import { InstitutionKeyEvent, institutionKeyDecider, institutionKeyStreamId, institutionKeyTransitions } from './institution-key.decider';

const A = '3a7c1e52-9d4b-8f10-a2c3-4d5e6f708192';
const B = '5b2d3c4e-1111-8222-9333-444455556666';
const NOW = '2025-03-01T08:00:00.000Z';
const claimedByA: InstitutionKeyEvent = { type: 'InstitutionKeyClaimed', data: { kind: 'credit-code', institutionId: A, claimedAt: NOW } };
const released: InstitutionKeyEvent = { type: 'InstitutionKeyReleased', data: { institutionId: A, releasedAt: NOW } };

describe('institution key decider (credit codes and names of the directory)', () => {
  it('claims a free key; the holder claiming again changes nothing', () => {
    expect(givenWhenThen(institutionKeyDecider, [], { type: 'ClaimInstitutionKey', kind: 'credit-code', institutionId: A, now: NOW })).toEqual([claimedByA]);
    expect(givenWhenThen(institutionKeyDecider, [claimedByA], { type: 'ClaimInstitutionKey', kind: 'credit-code', institutionId: A, now: NOW })).toEqual([]);
  });

  it('refuses another entry, naming the holder: credit code and name each with their code', () => {
    for (const [kind, code, field] of [
      ['credit-code', CatalogErrorCodes.INSTITUTION_CREDIT_CODE_TAKEN, 'creditCode'],
      ['name', CatalogErrorCodes.INSTITUTION_NAME_TAKEN, 'name'],
    ] as const) {
      let error: unknown;
      try {
        givenWhenThen(institutionKeyDecider, [claimedByA], { type: 'ClaimInstitutionKey', kind, institutionId: B, now: NOW });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code, kind: 'conflict', details: { field, institutionId: A } });
    }
  });

  it('only the holder releases; a released key is free again', () => {
    expect(givenWhenThen(institutionKeyDecider, [claimedByA], { type: 'ReleaseInstitutionKey', institutionId: B, now: NOW })).toEqual([]);
    expect(givenWhenThen(institutionKeyDecider, [claimedByA], { type: 'ReleaseInstitutionKey', institutionId: A, now: NOW })).toEqual([released]);
    expect(givenWhenThen(institutionKeyDecider, [claimedByA, released], { type: 'ClaimInstitutionKey', kind: 'credit-code', institutionId: B, now: NOW })).toHaveLength(1);
  });

  it('keys a value as it is compared: credit codes by case, names by normalizeInstitutionName', () => {
    expect(institutionKeyStreamId('credit-code', ' 12440000455858060q')).toBe(institutionKeyStreamId('credit-code', '12440000455858060Q'));
    expect(institutionKeyStreamId('name', ' 广东开放大学 ')).toBe(institutionKeyStreamId('name', '广东开放大学'));
    expect(institutionKeyStreamId('name', '广东开放大学')).not.toBe(institutionKeyStreamId('credit-code', '广东开放大学'));
    expect(institutionKeyStreamId('name', '广东开放大学')).toMatch(/^catalog\.unique-institution-name-[0-9a-f-]{36}$/);
  });

  it('transition rules allow exactly what the decider emits', () => {
    expect(transitionError(institutionKeyTransitions, { status: 'free' }, claimedByA)).toBeUndefined();
    expect(transitionError(institutionKeyTransitions, { status: 'claimed' }, released)).toBeUndefined();
    expect(transitionError(institutionKeyTransitions, { status: 'claimed' }, claimedByA)).toBeDefined();
    expect(transitionError(institutionKeyTransitions, { status: 'free' }, released)).toBeDefined();
  });
});
