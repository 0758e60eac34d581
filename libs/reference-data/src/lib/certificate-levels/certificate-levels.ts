/** A national vocational skill level (证书等级). */
export interface CertificateLevel {
  /** The level's number as text: `5` (entry) … `1` (highest). */
  code: string;
  name: string;
  nameEn: string;
}

/**
 * The five levels of China's vocational qualifications and skill-level certificates (国家职业资格 /
 * 职业技能等级, as in the national occupational skill standards), from the entry level up.
 */
export const CERTIFICATE_LEVELS: readonly CertificateLevel[] = [
  { code: '5', name: '五级/初级工', nameEn: 'Level 5 / junior worker' },
  { code: '4', name: '四级/中级工', nameEn: 'Level 4 / intermediate worker' },
  { code: '3', name: '三级/高级工', nameEn: 'Level 3 / senior worker' },
  { code: '2', name: '二级/技师', nameEn: 'Level 2 / technician' },
  { code: '1', name: '一级/高级技师', nameEn: 'Level 1 / senior technician' },
];

export function findCertificateLevel(code: unknown): CertificateLevel | undefined {
  return typeof code === 'string' ? CERTIFICATE_LEVELS.find((l) => l.code === code.trim()) : undefined;
}
