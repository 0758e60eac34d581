import { fold } from '@credit-bank/kernel';
import { AchievementFacts } from './achievement-facts';
import { learningAccountAsOf, learningAccountBalance, statementInstant, TimedEvent } from './learning-account-balance';
import { learningAccountDecider } from './learning-account.decider';
import { LearningAccountEvent } from './learning-account.events';

const facts = (achievementId: string, category: string, frameworkLevel: number, credits: number): AchievementFacts =>
  ({
    achievementId,
    ownerId: 'l-1',
    recognised: true,
    withdrawn: false,
    revoked: false,
    revokedAt: null,
    certificateKey: `issuer|${achievementId}`,
    achievementName: `成果 ${achievementId}`,
    issuingInstitution: '某机构',
    catalogItemId: null,
    category,
    type: 't',
    frameworkLevel,
    credits,
    recognisedBy: '认定机构甲',
    recognisedAt: `2025-01-0${achievementId.slice(-1)}T00:00:00.000Z`,
    details: {},
  }) as unknown as AchievementFacts;

const target = { programme: 'P', awardingInstitutionId: 'inst-u', awardingInstitution: 'U', credits: 3 };
const applied = (applicationId: string, achievementIds: string[]): LearningAccountEvent => ({
  type: 'ConversionApplied',
  data: { applicationId, learnerId: 'l-1', kind: 'achievement', ruleId: 'r', ruleVersion: 1, target, achievementIds, appliedAt: '2025-02-01T00:00:00.000Z' },
});

describe('learning account balance', () => {
  it('sums recognised credits by category and framework level, split into available, held and spent', () => {
    const account = fold(learningAccountDecider, [
      applied('x', ['a-1']),
      { type: 'ConversionApproved', data: { applicationId: 'x', decidedBy: 'u', decidedAt: '2025-02-02T00:00:00.000Z' } },
      applied('y', ['a-2']),
    ] as LearningAccountEvent[]);
    const balance = learningAccountBalance([facts('a-1', 'c1', 3, 4), facts('a-2', 'c1', 4, 2.2), facts('a-3', 'c2', 3, 0.1)], account);
    expect(balance.totals).toEqual({ recognised: 6.3, available: 0.1, held: 2.2, spent: 4 });
    expect(balance.byCategory).toEqual([
      { category: 'c1', recognised: 6.2, available: 0, held: 2.2, spent: 4 },
      { category: 'c2', recognised: 0.1, available: 0.1, held: 0, spent: 0 },
    ]);
    expect(balance.byFrameworkLevel).toEqual([
      { frameworkLevel: 3, recognised: 4.1, available: 0.1, held: 0, spent: 4 },
      { frameworkLevel: 4, recognised: 2.2, available: 0, held: 2.2, spent: 0 },
    ]);
    expect(balance.achievements.map((a) => [a.achievementId, a.state, a.applicationId])).toEqual([
      ['a-1', 'spent', 'x'],
      ['a-2', 'held', 'y'],
      ['a-3', 'available', null],
    ]);
    expect(balance.conversions.map((c) => [c.applicationId, c.status, c.convertedCredits, c.ruleVersion])).toEqual([
      ['x', 'approved', 3, 1],
      ['y', 'pending', 0, 1],
    ]);
  });

  it('as of a moment counts only the events decided until then', () => {
    const at = (type: string, data: unknown, occurredAt: string): TimedEvent => ({ type, data, metadata: { occurredAt } });
    const achievement = [
      at('AchievementStored', { achievementId: 'a-1', ownerId: 'l-1', category: 'c1', source: 'custom', catalogItemId: null, catalogItem: null, custom: { name: 'n', institutionName: 'i', type: 't', typeName: 'T' } }, '2025-01-01T00:00:00.000Z'),
      at('AchievementRecognised', { achievementId: 'a-1', ownerId: 'l-1', category: 'c1', type: 't', frameworkLevel: 3, credits: 4, institutionName: '认定机构甲', recognisedAt: '2025-01-05T00:00:00.000Z' }, '2025-01-05T00:00:00.000Z'),
    ];
    const account = [
      at('ConversionApplied', (applied('x', ['a-1']) as { data: unknown }).data, '2025-02-01T00:00:00.000Z'),
      at('ConversionApproved', { applicationId: 'x', decidedBy: 'u', decidedAt: '2025-02-02T00:00:00.000Z' }, '2025-02-02T00:00:00.000Z'),
    ];
    const asOf = (iso: string) => learningAccountAsOf([achievement], account, new Date(iso));
    expect(asOf('2025-01-04T23:59:59.999Z').totals.recognised).toBe(0);
    expect(asOf('2025-01-05T00:00:00.000Z').totals).toEqual({ recognised: 4, available: 4, held: 0, spent: 0 });
    expect(asOf('2025-02-01T12:00:00.000Z').totals).toEqual({ recognised: 4, available: 0, held: 4, spent: 0 });
    const later = asOf('2025-03-01T00:00:00.000Z');
    expect(later.totals).toEqual({ recognised: 4, available: 0, held: 0, spent: 4 });
    expect(later.conversions[0]).toMatchObject({ status: 'approved', ruleId: 'r', ruleVersion: 1 });
  });

  it('counts one certificate once, whatever path it came by (the earlier recognition counts)', () => {
    const first = { ...facts('a-1', 'c1', 3, 4), certificateKey: 'issuer|NCRE1' };
    const again = { ...facts('a-2', 'c1', 3, 4), certificateKey: 'issuer|NCRE1' };
    const balance = learningAccountBalance([again, first], fold(learningAccountDecider, []));
    expect(balance.totals.recognised).toBe(4);
    expect(balance.achievements.map((a) => a.achievementId)).toEqual(['a-1']);
  });

  it('takes a revoked recognition’s credits out from the revocation on, and flags the approved conversion that spent them', () => {
    const at = (type: string, data: unknown, occurredAt: string): TimedEvent => ({ type, data, metadata: { occurredAt } });
    const custom = { name: 'n', institutionId: null, institutionName: 'i', type: 't', typeName: 'T' };
    const achievement = [
      at('AchievementStored', { achievementId: 'a-1', ownerId: 'l-1', category: 'c1', source: 'custom', catalogItemId: null, catalogItem: null, custom, certificateNumber: 'N1' }, '2025-01-01T00:00:00.000Z'),
      at('AchievementRecognised', { achievementId: 'a-1', ownerId: 'l-1', category: 'c1', type: 't', frameworkLevel: 3, credits: 4, institutionName: '认定机构甲', recognisedAt: '2025-01-05T00:00:00.000Z' }, '2025-01-05T00:00:00.000Z'),
      at('RecognitionRevoked', { achievementId: 'a-1', ownerId: 'l-1', revokedBy: 'admin', revokerRole: 'admin', institutionId: null, reason: '证书伪造', credits: 4, revokedAt: '2025-03-01T00:00:00.000Z' }, '2025-03-01T00:00:00.000Z'),
    ];
    const account = [
      at('ConversionApplied', (applied('x', ['a-1']) as { data: unknown }).data, '2025-02-01T00:00:00.000Z'),
      at('ConversionApproved', { applicationId: 'x', decidedBy: 'u', decidedAt: '2025-02-02T00:00:00.000Z' }, '2025-02-02T00:00:00.000Z'),
    ];
    const before = learningAccountAsOf([achievement], account, new Date('2025-02-28T00:00:00.000Z'));
    expect(before.totals).toEqual({ recognised: 4, available: 0, held: 0, spent: 4 });
    expect(before.conversions[0].revokedAchievementIds).toEqual([]);
    const after = learningAccountAsOf([achievement], account, new Date('2025-03-02T00:00:00.000Z'));
    expect(after.totals).toEqual({ recognised: 0, available: 0, held: 0, spent: 0 });
    expect(after.achievements).toEqual([]);
    expect(after.conversions[0]).toMatchObject({ status: 'approved', convertedCredits: 3, revokedAchievementIds: ['a-1'] });
  });

  it('reads asOf as a date (end of the day, China time) or a date-time', () => {
    expect(statementInstant('2025-03-01')?.toISOString()).toBe('2025-03-01T15:59:59.999Z');
    expect(statementInstant('2025-03-01T10:00:00Z')?.toISOString()).toBe('2025-03-01T10:00:00.000Z');
    expect(statementInstant('2025-03-01T10:00:00.5+02:00')?.toISOString()).toBe('2025-03-01T08:00:00.500Z');
    expect(statementInstant('2025-03-01T10:00')?.toISOString()).toBe('2025-03-01T02:00:00.000Z');
    for (const bad of ['', 'yesterday', '2025-02-30', '2025-13-01', '2025-03-01T25:00:00Z', '1741000000']) expect(statementInstant(bad)).toBeUndefined();
  });
});
