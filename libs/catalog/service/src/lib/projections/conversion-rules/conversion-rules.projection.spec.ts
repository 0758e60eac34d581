import { ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import {
  CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION,
  CATALOG_CONVERSION_RULES_COLLECTION,
  ConversionRuleDocument,
  ConversionRuleVersionDocument,
} from '../catalog-read-models';
import { ConversionRulesProjection } from './conversion-rules.projection';

const RULE = '5b0e7c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const OU = '7e1f2a3b-4c5d-8e6f-9a0b-1c2d3e4f5a6b';
const content = {
  name: '全国计算机等级考试二级证书转换《计算机应用基础》课程学分',
  kind: 'achievement',
  sources: { catalogItemIds: ['0f8c5a52-8c1b-8e4f-9d2a-3b6c7d8e9f01'] },
  target: { programme: '计算机应用技术（专科）', course: '计算机应用基础', awardingInstitutionId: OU, awardingInstitution: '广东开放大学', credits: 3 },
  limits: { maxAchievements: 1 },
  effectiveFrom: '2025-09-01',
};

let position = 0;
function recorded(type: string, data: object, streamId = `catalog.conversion-rule-${RULE}`): RecordedEvent {
  position += 1;
  return {
    streamId,
    revision: position - 1,
    position,
    type,
    data,
    metadata: { eventId: `e-${position}`, schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'admin-1', occurredAt: '2025-03-01T08:00:00.000Z' },
  };
}

describe('ConversionRulesProjection', () => {
  let store: ReadStore;
  const projection = new ConversionRulesProjection();
  const rules = () => store.collection<ConversionRuleDocument>(CATALOG_CONVERSION_RULES_COLLECTION).find();
  const versions = () => store.collection<ConversionRuleVersionDocument>(CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION).find({ sort: [['version', 'asc']] });

  beforeEach(() => {
    position = 0;
    store = new SqliteReadStore({ filename: ':memory:' });
  });
  afterEach(() => store.close());

  const published = () => recorded('ConversionRulePublished', { ruleId: RULE, version: 1, ...content, publishedAt: '2025-03-01T08:00:00.000Z' });
  const revised = (version: number, credits: number) =>
    recorded('ConversionRuleRevised', { ruleId: RULE, version, ...content, target: { ...content.target, credits }, revisedAt: `2025-0${version + 2}-01T08:00:00.000Z` });
  const retired = () => recorded('ConversionRuleRetired', { ruleId: RULE, version: 3, reason: '课程停开', retiredAt: '2025-09-01T08:00:00.000Z' });

  it('keeps the current version with its search fields lifted, and every version', async () => {
    await projection.apply([published(), revised(2, 4)], store);
    await projection.apply([revised(3, 5)], store);
    const [current] = await rules();
    expect(current).toMatchObject({
      id: RULE,
      ruleId: RULE,
      version: 3,
      status: 'active',
      awardingInstitutionId: OU,
      awardingInstitution: '广东开放大学',
      programme: '计算机应用技术（专科）',
      course: '计算机应用基础',
      target: { credits: 5 },
      firstPublishedAt: '2025-03-01T08:00:00.000Z',
      publishedAt: '2025-05-01T08:00:00.000Z',
    });
    expect((await versions()).map((v) => [v.id, v.version, v.target.credits, v.publishedAt])).toEqual([
      [`${RULE}:1`, 1, 3, '2025-03-01T08:00:00.000Z'],
      [`${RULE}:2`, 2, 4, '2025-04-01T08:00:00.000Z'],
      [`${RULE}:3`, 3, 5, '2025-05-01T08:00:00.000Z'],
    ]);
  });

  it('marks a retired rule and keeps its content and versions', async () => {
    await projection.apply([published(), revised(2, 4), revised(3, 5), retired()], store);
    const [current] = await rules();
    expect(current).toMatchObject({ status: 'retired', version: 3, retiredAt: '2025-09-01T08:00:00.000Z', retireReason: '课程停开', target: { credits: 5 } });
    expect(await versions()).toHaveLength(3);
  });

  it('applied twice gives the same result (a replayed batch, or a replay of part of it)', async () => {
    const events = [published(), revised(2, 4), revised(3, 5), retired()];
    await projection.apply(events, store);
    const once = { rules: await rules(), versions: await versions() };
    await projection.apply(events, store);
    await projection.apply(events.slice(0, 2), store);
    expect({ rules: await rules(), versions: await versions() }).toEqual(once);
  });

  it('renames the awarding institution of the current version; earlier versions stay as published', async () => {
    await projection.apply([published(), revised(2, 4)], store);
    const renamed = recorded('QualificationInstitutionRevised', { institutionId: OU, changes: { name: '广东开放大学（总部）' }, revisedAt: 'x' }, `catalog.institution-${OU}`);
    await projection.apply([renamed, renamed], store);
    const [current] = await rules();
    expect(current).toMatchObject({ version: 2, awardingInstitution: '广东开放大学（总部）', target: { awardingInstitutionId: OU, awardingInstitution: '广东开放大学（总部）', credits: 4 } });
    expect((await versions()).map((v) => v.target.awardingInstitution)).toEqual(['广东开放大学', '广东开放大学']);
  });

  it('ignores other streams and event types', async () => {
    await projection.apply([recorded('ConversionRulePublished', { ruleId: 'x', version: 1, ...content, publishedAt: 'now' }, 'ledger.achievement-1'), recorded('Other', { ruleId: RULE })], store);
    expect(await rules()).toEqual([]);
    expect(await versions()).toEqual([]);
  });
});
