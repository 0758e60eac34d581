/** What a conversion converts: recognised achievements (转换成果申请) or work performance (业绩类成果转换申请). */
export type ConversionKind = 'achievement' | 'work-performance';

/** Where the converted credits go, as the rule named it (copied into the application). */
export interface ConversionTarget {
  /** 专业 */
  programme: string;
  /** 课程 */
  course?: string;
  /** 转换机构 in the directory: its reviewers decide the application. */
  awardingInstitutionId: string;
  /** Its name, for people. */
  awardingInstitution: string;
  /** Credits one conversion grants. */
  credits: number;
}

export interface ConversionAppliedData {
  applicationId: string;
  learnerId: string;
  kind: ConversionKind;
  ruleId: string;
  /** The version of the rule the application was made under (kept for the statement). */
  ruleVersion: number;
  target: ConversionTarget;
  achievementIds: string[];
  appliedAt: string;
}

export type LearningAccountEvent =
  /** 转换申请: the achievements are held until the awarding institution decides. */
  | { type: 'ConversionApplied'; data: ConversionAppliedData }
  /** 转换通过: the achievements are spent. */
  | { type: 'ConversionApproved'; data: { applicationId: string; decidedBy: string; decidedAt: string } }
  /** 转换不通过: the achievements are released. */
  | { type: 'ConversionRejected'; data: { applicationId: string; decidedBy: string; reason: string; decidedAt: string } };

export type LearningAccountEventType = LearningAccountEvent['type'];
