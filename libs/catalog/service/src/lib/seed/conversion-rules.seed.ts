import { ConversionRuleContent } from '@credit-bank/catalog-domain';
import { CATALOG_ITEMS_SEED } from './catalog-items.seed';
import { institutionIdForName, uuidFromKey } from '@credit-bank/kernel';

export interface ConversionRuleSeed extends ConversionRuleContent {
  /** Deterministic: derived from the seed key, so reseeding finds the rule it made. */
  id: string;
}

function itemId(achievementName: string): string {
  const item = CATALOG_ITEMS_SEED.find((i) => i.achievementName === achievementName);
  if (!item) throw new Error(`No seeded catalogue entry named ${achievementName}`);
  return item.id;
}

const rule = (key: string, content: ConversionRuleContent): ConversionRuleSeed => ({ id: uuidFromKey(`catalog-seed:conversion-rule:${key}`), ...content });

/**
 * EXAMPLE conversion rules, made up for this system (not rules of the Guangdong credit bank): they
 * show the shapes (named catalogue entries, a category with a minimum level, a work-performance
 * rule) so that 规则查询 is not empty on a fresh start. Administrators revise or retire them.
 */
export const CONVERSION_RULES_SEED: readonly ConversionRuleSeed[] = [
  rule('ncre-2-computer-basics', {
    name: '全国计算机等级考试二级证书转换《计算机应用基础》课程学分（示例）',
    kind: 'achievement',
    sources: { catalogItemIds: [itemId('全国计算机等级考试二级及以上证书')] },
    target: { programme: '计算机应用技术（专科）', course: '计算机应用基础', awardingInstitutionId: institutionIdForName('广东开放大学'), awardingInstitution: '广东开放大学', credits: 3 },
    limits: { maxCreditsPerTarget: 3, maxAchievements: 1 },
    effectiveFrom: '2025-01-01',
  }),
  rule('gd-office-automation', {
    name: '广东省计算机应用能力等级考试（办公自动化-中级）证书转换《办公自动化》课程学分（示例）',
    kind: 'achievement',
    sources: { catalogItemIds: [itemId('广东省计算机应用能力等级考试证书（办公自动化-中级）'), itemId('广东省高等学校计算机等级考试证书（一级证书及以上）')] },
    target: { programme: '行政管理（专科）', course: '办公自动化', awardingInstitutionId: institutionIdForName('广东开放大学'), awardingInstitution: '广东开放大学', credits: 2 },
    limits: { maxCreditsPerTarget: 2, maxAchievements: 1 },
    effectiveFrom: '2025-01-01',
  }),
  rule('cet-4-college-english', {
    name: '大学英语四级成绩转换《大学英语（1）》课程学分（示例）',
    kind: 'achievement',
    sources: { catalogItemIds: [itemId('大学英语四级考试（CET-4）成绩报告单'), itemId('大学英语六级考试（CET-6）成绩报告单')], minFrameworkLevel: 4 },
    target: { programme: '工商管理（本科）', course: '大学英语（1）', awardingInstitutionId: institutionIdForName('广东开放大学'), awardingInstitution: '广东开放大学', credits: 4 },
    limits: { maxCreditsPerTarget: 4, maxAchievements: 1 },
    effectiveFrom: '2025-03-01',
  }),
  rule('programmer-skill-programming', {
    name: '计算机程序设计员（三级）职业技能等级证书转换《程序设计基础》课程学分（示例）',
    kind: 'achievement',
    sources: { catalogItemIds: [itemId('计算机程序设计员（三级/高级工）职业技能等级证书')] },
    target: { programme: '软件技术（专科）', course: '程序设计基础', awardingInstitutionId: institutionIdForName('广州开放大学'), awardingInstitution: '广州开放大学', credits: 4 },
    limits: { maxCreditsPerTarget: 4, maxAchievements: 1 },
    effectiveFrom: '2025-03-01',
  }),
  rule('work-performance-practice', {
    name: '职业技能竞赛及技术创新业绩转换专业实践学分（示例）',
    kind: 'work-performance',
    sources: { category: 'training-performance', minFrameworkLevel: 4 },
    target: { programme: '机电一体化技术（专科）', course: '专业综合实践', awardingInstitutionId: institutionIdForName('广东开放大学'), awardingInstitution: '广东开放大学', credits: 4 },
    limits: { maxCreditsPerTarget: 8, maxAchievements: 2 },
    effectiveFrom: '2025-01-01',
  }),
];
