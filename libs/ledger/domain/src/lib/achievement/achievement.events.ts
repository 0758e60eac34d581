import { AchievementDetails } from './achievement-details';

export type AchievementStoredData = { achievementId: string; ownerId: string; storedAt: string } & AchievementDetails;

/** 认定 by an institution: who decided (the account) and for which directory institution (id, and its name for people). */
export interface ReviewerFields {
  reviewerId: string;
  institutionId: string;
  institutionName: string;
}

/** Where a request goes: the responsible institution's review queue, or the administrator's routing queue. */
export type RecognitionRouting = 'institution' | 'administrator';

export type RecognitionRequestedData = {
  achievementId: string;
  requestedAt: string;
  /** The responsible institution's name (for people; a hand-entered one may not be in the directory). */
  responsibleInstitution: string;
  /** The directory institution whose reviewers decide it; null when the learner only named one. */
  responsibleInstitutionId: string | null;
  /** `administrator`: no approved account reviews for that institution (or none is known): 管理中心 routes it. */
  routing: RecognitionRouting;
};

/** 管理中心 assigned a request of its routing queue to a directory institution with an approved account. */
export type RecognitionRoutedData = { achievementId: string; institutionId: string; institutionName: string; routedBy: string; routedAt: string };

/** 管理中心 returned a request of its routing queue to the learner, with the reason. */
export type RecognitionRoutingDeclinedData = { achievementId: string; reason: string; declinedBy: string; declinedAt: string };

/** Who may open a request's evidence besides its owner: a reviewer of the responsible institution, or the administrator. */
export type EvidenceViewerRole = 'institution' | 'admin';

/** Someone other than the learner opened the evidence of the request (each download is recorded). */
export type EvidenceViewedData = { achievementId: string; evidenceId: string; viewerId: string; viewerRole: EvidenceViewerRole; institutionId: string | null; viewedAt: string };

/** 撤销认定: a recognition withdrawn by the recognising institution or the administrator. Its credits leave the learning account. */
export type RecognitionRevokedData = {
  achievementId: string;
  ownerId: string;
  revokedBy: string;
  revokerRole: EvidenceViewerRole;
  /** The revoking institution (null when the administrator revoked). */
  institutionId: string | null;
  reason: string;
  /** The credits that leave the learning account. */
  credits: number;
  revokedAt: string;
};

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
  /**
   * Recognised although other learners hold the same certificate (same issuer and normalised
   * number): their achievements at the time, and the reviewer's reason.
   */
  duplicateOverride?: { possibleDuplicates: string[]; reason: string };
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
  /** 提交认定: sent to the responsible institution's review queue, or to 管理中心's routing queue. */
  | { type: 'RecognitionRequested'; data: RecognitionRequestedData }
  /** 管理中心 assigned the request to an institution. */
  | { type: 'RecognitionRouted'; data: RecognitionRoutedData }
  /** 管理中心 returned the request to the learner. */
  | { type: 'RecognitionRoutingDeclined'; data: RecognitionRoutingDeclinedData }
  /** A reviewer or the administrator opened the evidence. */
  | { type: 'EvidenceViewed'; data: EvidenceViewedData }
  /** 撤销认定. Final. */
  | { type: 'RecognitionRevoked'; data: RecognitionRevokedData }
  /** 认定受理: a reviewer of the responsible institution took the request. */
  | { type: 'RecognitionClaimed'; data: RecognitionClaimedData }
  /** 认定通过: level, category, type and credits fixed; the credits count in the learning account. */
  | { type: 'AchievementRecognised'; data: AchievementRecognisedData }
  /** 认定不通过, with the reason. Final. */
  | { type: 'RecognitionRejected'; data: RecognitionRejectedData }
  /** 退回修改: back to the learner, who may amend and submit again. */
  | { type: 'AchievementReturned'; data: AchievementReturnedData };

export type AchievementEventType = AchievementEvent['type'];
