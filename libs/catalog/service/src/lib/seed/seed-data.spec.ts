import {
  conversionRuleErrors,
  normalizeConversionRuleContent,
  ACHIEVEMENT_CATEGORY_CODES,
  ACHIEVEMENT_TYPE_CODES,
  catalogItemErrors,
  isFrameworkLevel,
  typeBelongsToCategory,
} from '@credit-bank/catalog-domain';
import { CATALOG_CATEGORY_CODES, CATALOG_TYPE_CODES } from '@credit-bank/contracts';
import { CATALOG_ITEMS_SEED, catalogSeedKey, SAMPLE_ENTRIES, USER_GUIDE_ENTRIES } from './catalog-items.seed';
import { CONVERSION_RULES_SEED } from './conversion-rules.seed';
import { FRAMEWORK_LEVELS_SEED } from './framework-levels.seed';
import { INSTITUTIONS_SEED } from './institutions.seed';
import { institutionIdForName, uuidFromKey } from '@credit-bank/kernel';
import { institutionErrors, normalizeInstitutionContent } from '@credit-bank/catalog-domain';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('catalogue seed data', () => {
  it('has at least 48 entries and at least 8 in every category', () => {
    expect(CATALOG_ITEMS_SEED.length).toBeGreaterThanOrEqual(48);
    for (const category of ACHIEVEMENT_CATEGORY_CODES) {
      expect(CATALOG_ITEMS_SEED.filter((i) => i.category === category).length).toBeGreaterThanOrEqual(8);
    }
  });

  it('gives every entry a unique, deterministic UUID derived from its key', () => {
    const ids = CATALOG_ITEMS_SEED.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const item of CATALOG_ITEMS_SEED) {
      expect(item.id).toMatch(UUID);
      expect(item.id).toBe(uuidFromKey(catalogSeedKey(item.category, item.projectName, item.achievementName)));
    }
    // Same key, same id; another key, another id.
    expect(uuidFromKey('k')).toBe(uuidFromKey('k'));
    expect(uuidFromKey('k')).not.toBe(uuidFromKey('k2'));
  });

  it('has no two entries with the same achievement name in the same project', () => {
    const names = CATALOG_ITEMS_SEED.map((i) => `${i.projectName}/${i.achievementName}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('puts every type under its own category, levels 1..7, and passes every domain rule', () => {
    for (const item of CATALOG_ITEMS_SEED) {
      expect({ id: item.id, belongs: typeBelongsToCategory(item.category, item.type) }).toEqual({ id: item.id, belongs: true });
      expect(isFrameworkLevel(item.frameworkLevel)).toBe(true);
      const { id: _id, source: _source, ...content } = item;
      expect({ name: item.achievementName, errors: catalogItemErrors(content) }).toEqual({ name: item.achievementName, errors: [] });
    }
  });

  it('uses every type at least once', () => {
    expect(new Set(CATALOG_ITEMS_SEED.map((i) => i.type))).toEqual(new Set(ACHIEVEMENT_TYPE_CODES));
  });

  it('contains the four entries of the user guide verbatim, not marked as samples', () => {
    const guide = CATALOG_ITEMS_SEED.filter((i) => i.source === 'user-guide').map((i) => [i.category, i.projectName, i.achievementName, i.institutionName, i.sample]);
    expect(guide).toEqual([
      ['vocational-qualification', '广东省计算机等级考试', '广东省计算机应用能力等级考试证书（办公自动化-中级）', '省级考试中心', false],
      ['vocational-qualification', '广东省计算机等级考试', '广东省高等学校计算机等级考试证书（一级证书及以上）', '省级考试中心', false],
      ['vocational-qualification', '全国计算机等级考试', '全国计算机等级考试二级及以上证书', '教育部考试中心', false],
      ['vocational-qualification', '全国计算机等级考试', '全国计算机等级考试一级证书', '教育部考试中心', false],
    ]);
    expect(USER_GUIDE_ENTRIES).toHaveLength(4);
  });

  it('marks everything else as sample data', () => {
    expect(SAMPLE_ENTRIES.length).toBe(CATALOG_ITEMS_SEED.length - 4);
    for (const item of SAMPLE_ENTRIES) expect([item.source, item.sample]).toEqual(['sample', true]);
  });
});

describe('qualification institution seed data', () => {
  it('lists every institution the seeded entries and rules name, under institutionIdForName, without a made-up credit code', () => {
    const named = new Set([...CATALOG_ITEMS_SEED.map((i) => i.institutionName), ...CONVERSION_RULES_SEED.map((r) => r.target.awardingInstitution)]);
    expect(new Set(INSTITUTIONS_SEED.map((i) => i.name))).toEqual(named);
    expect(new Set(INSTITUTIONS_SEED.map((i) => i.id)).size).toBe(INSTITUTIONS_SEED.length);
    for (const { id, ...content } of INSTITUTIONS_SEED) {
      expect(id).toBe(institutionIdForName(content.name));
      expect(content).toMatchObject({ creditCode: null, aliases: [] });
      expect({ name: content.name, errors: institutionErrors(normalizeInstitutionContent(content)) }).toEqual({ name: content.name, errors: [] });
      // Normalisation changes nothing: reseeding compares equal.
      expect(normalizeInstitutionContent(content)).toEqual(content);
    }
  });

  it('has every seeded entry and rule name its institution by the id the directory lists it under', () => {
    const listed = new Map(INSTITUTIONS_SEED.map((i) => [i.id, i.name]));
    for (const item of CATALOG_ITEMS_SEED) expect([item.achievementName, listed.get(item.institutionId)]).toEqual([item.achievementName, item.institutionName]);
    for (const rule of CONVERSION_RULES_SEED) expect([rule.name, listed.get(rule.target.awardingInstitutionId)]).toEqual([rule.name, rule.target.awardingInstitution]);
  });
});

describe('framework level seed data', () => {
  it('defines levels 1..7 in order, each with Chinese knowledge, skills and competence', () => {
    expect(FRAMEWORK_LEVELS_SEED.map((l) => l.level)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const level of FRAMEWORK_LEVELS_SEED) {
      expect(level.name).toBe(`Level ${level.level}`);
      for (const text of [level.nameZh, level.knowledge, level.skills, level.competence]) expect(text).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('public category and type codes', () => {
  it('the contracts list exactly the domain codes, in the same order', () => {
    expect([...CATALOG_CATEGORY_CODES]).toEqual([...ACHIEVEMENT_CATEGORY_CODES]);
    expect([...CATALOG_TYPE_CODES]).toEqual([...ACHIEVEMENT_TYPE_CODES]);
  });
});

describe('conversion rule seed data (examples)', () => {
  it('has a few rules with unique ids, each valid, naming only seeded entries, marked as examples', () => {
    expect(CONVERSION_RULES_SEED.length).toBeGreaterThanOrEqual(3);
    expect(new Set(CONVERSION_RULES_SEED.map((r) => r.id)).size).toBe(CONVERSION_RULES_SEED.length);
    const seededIds = new Set(CATALOG_ITEMS_SEED.map((i) => i.id));
    for (const { id, ...content } of CONVERSION_RULES_SEED) {
      expect(id).toMatch(UUID);
      expect(content.name).toContain('示例');
      const unknown = (content.sources.catalogItemIds ?? []).filter((itemId) => !seededIds.has(itemId));
      expect({ name: content.name, errors: conversionRuleErrors(normalizeConversionRuleContent(content), unknown) }).toEqual({ name: content.name, errors: [] });
      // Normalisation changes nothing: reseeding compares equal.
      expect(normalizeConversionRuleContent(content)).toEqual(content);
    }
    expect(new Set(CONVERSION_RULES_SEED.map((r) => r.kind))).toEqual(new Set(['achievement', 'work-performance']));
  });
});
