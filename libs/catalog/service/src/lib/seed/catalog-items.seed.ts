import { AchievementCategoryCode, AchievementTypeCode, CatalogItemContent } from '@credit-bank/catalog-domain';
import { institutionIdForName, uuidFromKey } from '@credit-bank/kernel';

export type CatalogSeedSource = 'user-guide' | 'sample';

export interface CatalogItemSeed extends CatalogItemContent {
  /** Deterministic: derived from the seed key (category / project / achievement), so reseeding is idempotent. */
  id: string;
  /** `user-guide`: quoted verbatim from the credit bank's user guide. `sample`: illustrative, made up here. */
  source: CatalogSeedSource;
}

/** The key an entry's id is derived from. Changing a name therefore makes a new entry. */
export function catalogSeedKey(category: string, projectName: string, achievementName: string): string {
  return `catalog-seed:item:${category}/${projectName}/${achievementName}`;
}

type Row = [type: AchievementTypeCode, projectName: string, achievementName: string, institutionName: string, frameworkLevel: number, credits: number];

function entries(category: AchievementCategoryCode, source: CatalogSeedSource, rows: Row[]): CatalogItemSeed[] {
  return rows.map(([type, projectName, achievementName, institutionName, frameworkLevel, credits]) => ({
    id: uuidFromKey(catalogSeedKey(category, projectName, achievementName)),
    category,
    type,
    projectName,
    achievementName,
    institutionId: institutionIdForName(institutionName),
    institutionName,
    frameworkLevel,
    credits,
    sample: source === 'sample',
    source,
  }));
}

/**
 * The four entries shown in the user guide's search dialog (成果选择), verbatim. Their framework
 * levels and credit values are not in the guide; the ones here are illustrative.
 */
export const USER_GUIDE_ENTRIES: readonly CatalogItemSeed[] = entries('vocational-qualification', 'user-guide', [
  ['national-exam-certificate', '广东省计算机等级考试', '广东省计算机应用能力等级考试证书（办公自动化-中级）', '省级考试中心', 2, 3],
  ['national-exam-certificate', '广东省计算机等级考试', '广东省高等学校计算机等级考试证书（一级证书及以上）', '省级考试中心', 3, 3],
  ['national-exam-certificate', '全国计算机等级考试', '全国计算机等级考试二级及以上证书', '教育部考试中心', 3, 4],
  ['national-exam-certificate', '全国计算机等级考试', '全国计算机等级考试一级证书', '教育部考试中心', 2, 2],
]);

/**
 * ILLUSTRATIVE SAMPLE DATA, not the official catalogue of the Guangdong credit bank: realistic
 * entries made up so the catalogue can be searched and used end to end. Every one is marked
 * `sample: true`; the institutions are real kinds of issuers, the levels and credits are invented.
 */
export const SAMPLE_ENTRIES: readonly CatalogItemSeed[] = [
  ...entries('academic-education', 'sample', [
    ['diploma', '高等学历继续教育', '计算机科学与技术专业（专科）毕业证书', '广东开放大学', 4, 60],
    ['diploma', '高等学历继续教育', '行政管理专业（本科）毕业证书', '广东开放大学', 5, 60],
    ['diploma', '中等职业教育', '会计事务专业中职毕业证书', '广东省财经职业技术学校', 2, 40],
    ['incomplete-study-certificate', '高等学历继续教育', '行政管理专业（本科）肄业证书', '广东开放大学', 4, 20],
    ['degree', '普通高等教育', '工商管理学士学位证书', '华南师范大学', 5, 30],
    ['degree', '研究生教育', '教育学硕士学位证书', '华南师范大学', 6, 30],
    ['degree', '高等学历继续教育', '法学学士学位证书', '广东外语外贸大学', 5, 20],
    ['single-course', '开放教育课程', '《大学英语（1）》课程合格成绩', '广东开放大学', 4, 4],
    ['single-course', '开放教育课程', '《计算机应用基础》课程合格成绩', '广东开放大学', 3, 3],
    ['single-course', '开放教育课程', '《管理学基础》课程合格成绩', '广州开放大学', 4, 3.5],
    ['self-study-exam', '高等教育自学考试', '《马克思主义基本原理概论》单科合格证书', '广东省教育考试院', 5, 4],
    ['self-study-exam', '高等教育自学考试', '《英语（二）》单科合格证书', '广东省教育考试院', 5, 6],
    ['self-study-exam', '高等教育自学考试', '《中国近现代史纲要》单科合格证书', '广东省教育考试院', 4, 2],
  ]),
  ...entries('vocational-qualification', 'sample', [
    ['national-exam-certificate', '全国大学英语考试', '大学英语四级考试（CET-4）成绩报告单', '教育部教育考试院', 4, 4],
    ['national-exam-certificate', '全国大学英语考试', '大学英语六级考试（CET-6）成绩报告单', '教育部教育考试院', 5, 6],
    ['national-exam-certificate', '全国英语等级考试', '全国英语等级考试（PETS）三级证书', '教育部教育考试院', 3, 4],
    ['national-exam-certificate', '普通话水平测试', '普通话水平测试等级证书（二级甲等）', '广东省语言文字工作委员会', 2, 2],
    ['vocational-qualification-certificate', '全国会计专业技术资格考试', '初级会计专业技术资格证书', '财政部会计资格评价中心', 4, 8],
    ['vocational-qualification-certificate', '教师资格考试', '中小学教师资格证书', '广东省教育厅', 5, 10],
    ['vocational-qualification-certificate', '计算机技术与软件专业技术资格（水平）考试', '软件设计师（中级）资格证书', '工业和信息化部教育与考试中心', 5, 10],
    ['skill-level-certificate', '企业人力资源管理师', '企业人力资源管理师（三级/高级工）职业技能等级证书', '广东省职业技能鉴定指导中心', 3, 6],
    ['skill-level-certificate', '电工', '电工（四级/中级工）职业技能等级证书', '广东省职业技能鉴定指导中心', 2, 5],
    ['skill-level-certificate', '计算机程序设计员', '计算机程序设计员（三级/高级工）职业技能等级证书', '广州市职业技能鉴定指导中心', 3, 8],
    ['skill-level-certificate', '育婴员', '育婴员（四级/中级工）职业技能等级证书', '深圳市职业技能鉴定服务中心', 2, 4],
  ]),
  ...entries('technician-education', 'sample', [
    ['technician-certificate', '技工院校技师教育', '数控加工（技师）技师教育证书', '广州市工贸技师学院', 5, 40],
    ['technician-certificate', '技工院校技师教育', '机电一体化技术（技师）技师教育证书', '广东省机械技师学院', 5, 40],
    ['technician-certificate', '技工院校技师教育', '汽车维修（技师）技师教育证书', '广州市交通技师学院', 5, 40],
    ['technician-certificate', '技工院校技师教育', '电气自动化设备安装与维修（技师）技师教育证书', '广东省技师学院', 5, 40],
    ['technician-certificate', '技工院校技师教育', '工业机器人应用与维护（技师）技师教育证书', '深圳技师学院', 5, 40],
    ['technician-certificate', '技工院校技师教育', '中式烹调（技师）技师教育证书', '广州市白云工商技师学院', 5, 36],
    ['senior-technician-certificate', '技工院校高级技师教育', '数控加工（高级技师）技师教育证书', '广州市工贸技师学院', 6, 50],
    ['senior-technician-certificate', '技工院校高级技师教育', '电气自动化设备安装与维修（高级技师）技师教育证书', '广东省技师学院', 6, 50],
    ['senior-technician-certificate', '技工院校高级技师教育', '汽车维修（高级技师）技师教育证书', '广州市交通技师学院', 6, 50],
    ['senior-technician-certificate', '技工院校高级技师教育', '模具设计与制造（高级技师）技师教育证书', '深圳技师学院', 6, 50],
  ]),
  ...entries('training-performance', 'sample', [
    ['training-certificate', '职业技能提升培训', '电子商务技能提升培训结业证书', '广东开放大学', 2, 2],
    ['training-certificate', '专业技术人员继续教育', '专业技术人员继续教育公需科目培训证明', '广东省人力资源和社会保障厅', 3, 1.5],
    ['training-certificate', '高素质农民培育', '高素质农民培训合格证书', '广东省农业农村厅', 2, 3],
    ['training-certificate', '社区教育', '老年大学摄影课程结业证书', '广州市老年大学', 1, 1],
    ['training-certificate', '南粤家政工程', '家政服务员培训合格证书', '广东省人力资源和社会保障厅', 1, 2],
    ['training-certificate', '粤菜师傅工程', '粤菜烹饪技能培训合格证书', '广东省人力资源和社会保障厅', 2, 3],
    ['training-certificate', '安全生产培训', '生产经营单位安全生产管理人员培训合格证', '广东省应急管理厅', 3, 2],
    ['training-certificate', '创业培训', 'SYB创业培训合格证书', '广州市就业训练中心', 2, 2],
    ['training-certificate', '在线开放课程', '《数据分析基础》在线课程学习证书', '广东开放大学', 3, 1],
    ['work-performance', '职业技能竞赛', '广东省职业技能竞赛二等奖获奖证书', '广东省人力资源和社会保障厅', 4, 8],
    ['work-performance', '科技创新成果', '国家发明专利证书（第一发明人）', '国家知识产权局', 5, 10],
    ['work-performance', '教学成果', '广东省教育教学成果奖（二等奖）获奖证书', '广东省教育厅', 5, 6],
    ['work-performance', '技术革新成果', '职工技术创新成果奖获奖证书', '广州市总工会', 4, 4],
  ]),
];

/** Everything seeded, in seed order: the guide's four entries first, then the sample data. */
export const CATALOG_ITEMS_SEED: readonly CatalogItemSeed[] = [...USER_GUIDE_ENTRIES, ...SAMPLE_ENTRIES];
