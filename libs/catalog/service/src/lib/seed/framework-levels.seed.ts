import { FrameworkLevelContent } from '@credit-bank/catalog-domain';

/**
 * The 7 levels of the Guangdong lifelong-education qualifications framework (广东终身教育资历框架
 * 等级标准, issued 2017), each described by knowledge (知识), skills (技能) and competence (能力).
 * The texts are short summaries written for this system, not the standard's official wording.
 */
export const FRAMEWORK_LEVELS_SEED: readonly FrameworkLevelContent[] = [
  {
    level: 1,
    name: 'Level 1',
    nameZh: '第一级',
    knowledge: '具备日常生活和工作所需的基本常识及一般性事实知识。',
    skills: '能运用基本技能，按既定程序完成简单、常规的任务。',
    competence: '在直接指导和结构化的环境中完成工作或学习。',
  },
  {
    level: 2,
    name: 'Level 2',
    nameZh: '第二级',
    knowledge: '掌握某一工作或学习领域的基础事实性知识和基本原理。',
    skills: '能运用基本的认知与操作技能，选用简单的工具、材料和信息完成常规任务。',
    competence: '在有限指导下完成工作或学习，对自己的工作结果负一定责任。',
  },
  {
    level: 3,
    name: 'Level 3',
    nameZh: '第三级',
    knowledge: '掌握某一领域的事实、原理、过程和一般概念。',
    skills: '能选择并运用基本方法、工具和信息，解决该领域的常见问题。',
    competence: '在一般性指导下独立完成任务，能根据情况调整自身行为，对工作结果负责。',
  },
  {
    level: 4,
    name: 'Level 4',
    nameZh: '第四级',
    knowledge: '掌握某一领域较宽泛的理论知识和事实知识。',
    skills: '能综合运用认知与操作技能，为该领域的具体问题提出解决方案。',
    competence: '在经常变化的环境中自主开展工作，能督导他人的常规工作，并承担一定的评价与改进责任。',
  },
  {
    level: 5,
    name: 'Level 5',
    nameZh: '第五级',
    knowledge: '掌握某一领域系统、全面的专业知识，理解其理论基础与适用范围。',
    skills: '能创造性地运用专业技能，解决复杂、抽象的问题。',
    competence: '在不可预测的环境中管理和督导工作，能评价并改进自己和他人的工作表现。',
  },
  {
    level: 6,
    name: 'Level 6',
    nameZh: '第六级',
    knowledge: '掌握某一领域前沿的专业知识，对其理论与方法有批判性的理解。',
    skills: '具备熟练的高级技能与创新能力，能解决专业领域中复杂且不可预测的问题。',
    competence: '管理复杂的技术或专业项目，在不可预测的情境中承担决策责任，负责个人与团队的专业发展。',
  },
  {
    level: 7,
    name: 'Level 7',
    nameZh: '第七级',
    knowledge: '掌握某一领域最前沿的知识以及与其他领域交叉的知识。',
    skills: '具备最先进、最专门的技能与方法，能开展研究与创新，拓展或重新界定已有知识和专业实践。',
    competence: '在工作或研究中表现出高度的权威性、创新性和自主性，持续推动新思想、新方法的发展。',
  },
];
