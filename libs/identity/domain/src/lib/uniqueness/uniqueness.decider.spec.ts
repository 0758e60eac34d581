import { DomainError, fold, givenWhenThen } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { UniquenessEvent, uniquenessDecider, uniqueStreamId, UNIQUE_KINDS, TAKEN_CODES } from './uniqueness.decider';

const NOW = '2025-03-01T08:00:00.000Z';
const claimed = (ownerId: string): UniquenessEvent => ({ type: 'UniqueValueClaimed', data: { kind: 'username', ownerId, claimedAt: NOW } });
const released = (ownerId: string): UniquenessEvent => ({ type: 'UniqueValueReleased', data: { ownerId, releasedAt: NOW } });

describe('uniqueness decider', () => {
  it('claims a free value', () => {
    expect(givenWhenThen(uniquenessDecider, [], { type: 'ClaimUniqueValue', kind: 'username', ownerId: 'a-1', now: NOW })).toEqual([claimed('a-1')]);
  });

  it.each(UNIQUE_KINDS)('refuses a %s claimed by another owner with its own conflict code', (kind) => {
    let error: unknown;
    try {
      givenWhenThen(uniquenessDecider, [claimed('a-1')], { type: 'ClaimUniqueValue', kind, ownerId: 'a-2', now: NOW });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: TAKEN_CODES[kind], kind: 'conflict' });
  });

  it('uses the documented codes', () => {
    expect(TAKEN_CODES).toEqual({
      username: 'IDENTITY.USERNAME_TAKEN',
      mobile: 'IDENTITY.MOBILE_TAKEN',
      email: 'IDENTITY.EMAIL_TAKEN',
      'id-number': 'IDENTITY.ID_NUMBER_TAKEN',
      'credit-code': 'IDENTITY.CREDIT_CODE_TAKEN',
      'institution-name': 'IDENTITY.INSTITUTION_NAME_TAKEN',
      'institution-link': 'IDENTITY.INSTITUTION_ALREADY_LINKED',
    });
  });

  it('names the account already linked to a directory institution (the administrator sees who), and no other owner', () => {
    const refused = (kind: (typeof UNIQUE_KINDS)[number]) => {
      try {
        givenWhenThen(uniquenessDecider, [claimed('a-1')], { type: 'ClaimUniqueValue', kind, ownerId: 'a-2', now: NOW });
      } catch (e) {
        return e as DomainError;
      }
      throw new Error('expected a refusal');
    };
    expect(refused('institution-link').details).toEqual({ field: 'institutionId', linkedAccountId: 'a-1' });
    expect(refused('institution-name').details).toEqual({ field: 'name' });
    expect(refused('email').details).toEqual({ field: 'email' });
  });

  it('a claim by the same owner again is idempotent', () => {
    expect(givenWhenThen(uniquenessDecider, [claimed('a-1')], { type: 'ClaimUniqueValue', kind: 'username', ownerId: 'a-1', now: NOW })).toEqual([]);
  });

  it('the owner releases its claim', () => {
    expect(givenWhenThen(uniquenessDecider, [claimed('a-1')], { type: 'ReleaseUniqueValue', ownerId: 'a-1', now: NOW })).toEqual([released('a-1')]);
  });

  it('a released value can be claimed by someone else', () => {
    expect(givenWhenThen(uniquenessDecider, [claimed('a-1'), released('a-1')], { type: 'ClaimUniqueValue', kind: 'username', ownerId: 'a-2', now: NOW })).toEqual([claimed('a-2')]);
  });

  it('releasing a free value does nothing', () => {
    expect(givenWhenThen(uniquenessDecider, [], { type: 'ReleaseUniqueValue', ownerId: 'a-1', now: NOW })).toEqual([]);
    expect(givenWhenThen(uniquenessDecider, [claimed('a-1'), released('a-1')], { type: 'ReleaseUniqueValue', ownerId: 'a-1', now: NOW })).toEqual([]);
  });

  it("refuses to release another owner's claim", () => {
    expect(() => givenWhenThen(uniquenessDecider, [claimed('a-1')], { type: 'ReleaseUniqueValue', ownerId: 'a-2', now: NOW })).toThrow(
      expect.objectContaining({ code: IdentityErrorCodes.UNIQUE_VALUE_NOT_OWNED }),
    );
  });

  it('folds to the current owner', () => {
    expect(fold(uniquenessDecider, [claimed('a-1'), released('a-1'), claimed('a-2')])).toEqual({ status: 'claimed', ownerId: 'a-2' });
  });

  it('names streams by kind and key', () => {
    expect(uniqueStreamId('email', 'abc123')).toBe('identity.unique-email-abc123');
  });
});
