/** An education level (文化程度) of GB/T 4658. */
export interface EducationLevel {
  /** Two digits: `x0` names a stage, the others an outcome within it (`61` 普通高中毕业). */
  code: string;
  name: string;
  nameEn: string;
  /** The stage an outcome belongs to; null for a stage. */
  parent: string | null;
}

const stage = (code: string, name: string, nameEn: string): EducationLevel => ({ code, name, nameEn, parent: null });
const outcome = (code: string, name: string, nameEn: string): EducationLevel => ({ code, name, nameEn, parent: `${code[0]}0` });

/**
 * GB/T 4658-2006 《学历代码》: the stages and, under each, graduated (毕业), completed without
 * graduating (结业) and left without completing (肄业). A learner may name a stage or an outcome;
 * the guide's examples (高中, 中职, 中技) are 60, 40 and 47.
 */
export const EDUCATION_LEVELS: readonly EducationLevel[] = [
  stage('10', '研究生教育', 'Postgraduate education'),
  outcome('11', '博士研究生毕业', 'Doctoral programme, graduated'),
  outcome('12', '博士研究生结业', 'Doctoral programme, completed without graduating'),
  outcome('13', '博士研究生肄业', 'Doctoral programme, not completed'),
  outcome('14', '硕士研究生毕业', "Master's programme, graduated"),
  outcome('15', '硕士研究生结业', "Master's programme, completed without graduating"),
  outcome('16', '硕士研究生肄业', "Master's programme, not completed"),
  outcome('17', '研究生班毕业', 'Postgraduate class, graduated'),
  outcome('18', '研究生班结业', 'Postgraduate class, completed without graduating'),
  outcome('19', '研究生班肄业', 'Postgraduate class, not completed'),
  stage('20', '大学本科教育', 'Undergraduate (bachelor level) education'),
  outcome('21', '大学本科毕业', 'Undergraduate, graduated'),
  outcome('22', '大学本科结业', 'Undergraduate, completed without graduating'),
  outcome('23', '大学本科肄业', 'Undergraduate, not completed'),
  outcome('28', '大学普通班毕业', 'University ordinary class, graduated'),
  stage('30', '大学专科教育', 'Junior college education'),
  outcome('31', '大学专科毕业', 'Junior college, graduated'),
  outcome('32', '大学专科结业', 'Junior college, completed without graduating'),
  outcome('33', '大学专科肄业', 'Junior college, not completed'),
  stage('40', '中等职业教育', 'Secondary vocational education'),
  outcome('41', '中等专科毕业', 'Secondary specialised school (中专), graduated'),
  outcome('42', '中等专科结业', 'Secondary specialised school (中专), completed without graduating'),
  outcome('43', '中等专科肄业', 'Secondary specialised school (中专), not completed'),
  outcome('44', '职业高中毕业', 'Vocational high school, graduated'),
  outcome('45', '职业高中结业', 'Vocational high school, completed without graduating'),
  outcome('46', '职业高中肄业', 'Vocational high school, not completed'),
  outcome('47', '技工学校毕业', 'Technical school (中技), graduated'),
  outcome('48', '技工学校结业', 'Technical school (中技), completed without graduating'),
  outcome('49', '技工学校肄业', 'Technical school (中技), not completed'),
  stage('60', '普通高级中学教育', 'General senior secondary education'),
  outcome('61', '普通高中毕业', 'Senior high school, graduated'),
  outcome('62', '普通高中结业', 'Senior high school, completed without graduating'),
  outcome('63', '普通高中肄业', 'Senior high school, not completed'),
  stage('70', '初级中学教育', 'Junior secondary education'),
  outcome('71', '初中毕业', 'Junior high school, graduated'),
  outcome('73', '初中肄业', 'Junior high school, not completed'),
  stage('80', '小学教育', 'Primary education'),
  outcome('81', '小学毕业', 'Primary school, graduated'),
  outcome('83', '小学肄业', 'Primary school, not completed'),
  stage('90', '其他', 'Other'),
];

export function findEducationLevel(code: unknown): EducationLevel | undefined {
  return typeof code === 'string' ? EDUCATION_LEVELS.find((l) => l.code === code.trim()) : undefined;
}
