/**
 * The four achievement categories (成果分类) of the credit bank and the achievement types (成果类型)
 * under each. Codes are what events and the API carry; `zh` is what users see.
 */
export const ACHIEVEMENT_CATEGORIES = [
  {
    code: 'academic-education',
    zh: '学历教育成果',
    types: [
      { code: 'diploma', zh: '学历证书（毕业证书）' },
      // 肄业: studied part of a programme and left without completing it (结业 is completing without graduating).
      { code: 'incomplete-study-certificate', zh: '肄业证书' },
      { code: 'degree', zh: '学位证书' },
      { code: 'single-course', zh: '单科课程成绩' },
      { code: 'self-study-exam', zh: '高等教育自学考试成绩' },
    ],
  },
  {
    code: 'vocational-qualification',
    zh: '职业资格证书成果',
    types: [
      { code: 'vocational-qualification-certificate', zh: '职业资格证书' },
      { code: 'skill-level-certificate', zh: '职业技能等级证书' },
      { code: 'national-exam-certificate', zh: '国家及省级统一考试证书' },
    ],
  },
  {
    code: 'technician-education',
    zh: '技师教育证书成果',
    types: [
      { code: 'technician-certificate', zh: '技师证书' },
      { code: 'senior-technician-certificate', zh: '高级技师证书' },
    ],
  },
  {
    code: 'training-performance',
    zh: '培训成果及业绩类成果',
    types: [
      { code: 'training-certificate', zh: '培训证书' },
      { code: 'work-performance', zh: '工作业绩' },
    ],
  },
] as const;

type Categories = typeof ACHIEVEMENT_CATEGORIES;
export type AchievementCategoryCode = Categories[number]['code'];
export type AchievementTypeCode = Categories[number]['types'][number]['code'];

export interface Labelled<C extends string> {
  code: C;
  zh: string;
}

/** Category codes with their Chinese labels, in display order. */
export const ACHIEVEMENT_CATEGORY_LABELS: ReadonlyArray<Labelled<AchievementCategoryCode>> = ACHIEVEMENT_CATEGORIES.map(({ code, zh }) => ({ code, zh }));

/** Type codes with their Chinese labels and the category each belongs to. */
export const ACHIEVEMENT_TYPE_LABELS: ReadonlyArray<Labelled<AchievementTypeCode> & { category: AchievementCategoryCode }> = ACHIEVEMENT_CATEGORIES.flatMap((c) =>
  c.types.map((t) => ({ code: t.code, zh: t.zh, category: c.code })),
);

export const ACHIEVEMENT_CATEGORY_CODES: readonly AchievementCategoryCode[] = ACHIEVEMENT_CATEGORY_LABELS.map((c) => c.code);
export const ACHIEVEMENT_TYPE_CODES: readonly AchievementTypeCode[] = ACHIEVEMENT_TYPE_LABELS.map((t) => t.code);

export function isAchievementCategory(value: unknown): value is AchievementCategoryCode {
  return typeof value === 'string' && (ACHIEVEMENT_CATEGORY_CODES as readonly string[]).includes(value);
}

export function isAchievementType(value: unknown): value is AchievementTypeCode {
  return typeof value === 'string' && (ACHIEVEMENT_TYPE_CODES as readonly string[]).includes(value);
}

/** Whether `type` is one of the types under `category`. */
export function typeBelongsToCategory(category: string, type: string): boolean {
  return ACHIEVEMENT_TYPE_LABELS.some((t) => t.code === type && t.category === category);
}

export function categoryLabel(category: AchievementCategoryCode): string {
  return ACHIEVEMENT_CATEGORY_LABELS.find((c) => c.code === category)?.zh ?? category;
}

export function typeLabel(type: AchievementTypeCode): string {
  return ACHIEVEMENT_TYPE_LABELS.find((t) => t.code === type)?.zh ?? type;
}

/** Position of a category in display order (0-based), for stable sorting. */
export function categoryOrder(category: AchievementCategoryCode): number {
  return ACHIEVEMENT_CATEGORY_CODES.indexOf(category);
}
