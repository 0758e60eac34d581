import { AchievementDetails } from './achievement-details';

export type AchievementStoredData = { achievementId: string; ownerId: string; storedAt: string } & AchievementDetails;

/** 认定 by an institution: who decided and for which institution (the reviewer's registered name). */
export interface ReviewerFields {
  reviewerId: string;
  institutionName: string;
}

export type RecognitionClaimedData = { achievementId: string; claimedAt: string } & ReviewerFields;

export type AchievementRecognisedData = {
  achievementId: string;
  ownerId: string;
  /** 资历框架等级, 1–7. */
  frameworkLevel: number;
  /** Category code (成果分类). */
  category: string;
  /** Type code (成果类型). */
  type: string;
  /** 学分, > 0. */
  credits: number;
  comment?: string;
  recognisedAt: string;
} & ReviewerFields;

export type RecognitionRejectedData = { achievementId: string; reason: string; rejectedAt: string } & ReviewerFields;

export type AchievementReturnedData = { achievementId: string; reason: string; returnedAt: string } & ReviewerFields;

export type AchievementEvent =
  /** 成果添加: the learner stored an achievement (not yet submitted). */
  | { type: 'AchievementStored'; data: AchievementStoredData }
  /** 修改: only the fields that changed. */
  | { type: 'AchievementAmended'; data: { achievementId: string; changes: Partial<AchievementDetails>; amendedAt: string } }
  /** 删除: gone from the learner's list; its evidence is released. */
  | { type: 'AchievementWithdrawn'; data: { achievementId: string; evidenceId: string; withdrawnAt: string } }
  /** 提交认定: sent to the responsible institution's review queue. */
  | { type: 'RecognitionRequested'; data: { achievementId: string; requestedAt: string; responsibleInstitution: string } }
  /** 认定受理: a reviewer of the responsible institution took the request. */
  | { type: 'RecognitionClaimed'; data: RecognitionClaimedData }
  /** 认定通过: level, category, type and credits fixed; the credits count in the learning account. */
  | { type: 'AchievementRecognised'; data: AchievementRecognisedData }
  /** 认定不通过, with the reason. Final. */
  | { type: 'RecognitionRejected'; data: RecognitionRejectedData }
  /** 退回修改: back to the learner, who may amend and submit again. */
  | { type: 'AchievementReturned'; data: AchievementReturnedData };

export type AchievementEventType = AchievementEvent['type'];
