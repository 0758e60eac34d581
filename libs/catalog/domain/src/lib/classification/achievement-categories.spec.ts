import {
  ACHIEVEMENT_CATEGORY_LABELS,
  ACHIEVEMENT_TYPE_LABELS,
  categoryLabel,
  categoryOrder,
  isAchievementCategory,
  isAchievementType,
  typeBelongsToCategory,
  typeLabel,
} from './achievement-categories';

describe('achievement categories and types', () => {
  it('are the four categories of the user guide, with their Chinese labels, in display order', () => {
    expect(ACHIEVEMENT_CATEGORY_LABELS).toEqual([
      { code: 'academic-education', zh: '学历教育成果' },
      { code: 'vocational-qualification', zh: '职业资格证书成果' },
      { code: 'technician-education', zh: '技师教育证书成果' },
      { code: 'training-performance', zh: '培训成果及业绩类成果' },
    ]);
    expect(categoryOrder('technician-education')).toBe(2);
    expect(categoryLabel('training-performance')).toBe('培训成果及业绩类成果');
  });

  it('list each type once, under exactly one category, with a Chinese label', () => {
    const codes = ACHIEVEMENT_TYPE_LABELS.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(ACHIEVEMENT_TYPE_LABELS.filter((t) => t.category === 'academic-education').map((t) => t.code)).toEqual(['diploma', 'incomplete-study-certificate', 'degree', 'single-course', 'self-study-exam']);
    expect(ACHIEVEMENT_TYPE_LABELS.filter((t) => t.category === 'technician-education').map((t) => t.code)).toEqual(['technician-certificate', 'senior-technician-certificate']);
    for (const t of ACHIEVEMENT_TYPE_LABELS) expect(t.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(typeLabel('work-performance')).toBe('工作业绩');
    expect(typeLabel('incomplete-study-certificate')).toBe('肄业证书');
  });

  it('tell whether a type belongs to a category', () => {
    expect(typeBelongsToCategory('vocational-qualification', 'skill-level-certificate')).toBe(true);
    expect(typeBelongsToCategory('academic-education', 'skill-level-certificate')).toBe(false);
    expect(typeBelongsToCategory('nope', 'diploma')).toBe(false);
    expect(isAchievementCategory('academic-education')).toBe(true);
    expect(isAchievementCategory('diploma')).toBe(false);
    expect(isAchievementType('diploma')).toBe(true);
    expect(isAchievementType(42)).toBe(false);
  });
});
