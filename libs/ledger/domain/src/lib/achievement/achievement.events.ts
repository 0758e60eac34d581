import { AchievementDetails } from './achievement-details';

export type AchievementStoredData = { achievementId: string; ownerId: string; storedAt: string } & AchievementDetails;

export type AchievementEvent =
  /** 成果添加: the learner stored an achievement (not yet submitted). */
  | { type: 'AchievementStored'; data: AchievementStoredData }
  /** 修改: only the fields that changed. */
  | { type: 'AchievementAmended'; data: { achievementId: string; changes: Partial<AchievementDetails>; amendedAt: string } }
  /** 删除: gone from the learner's list; its evidence is released. */
  | { type: 'AchievementWithdrawn'; data: { achievementId: string; evidenceId: string; withdrawnAt: string } }
  /** 提交认定: sent to the responsible institution's review queue. */
  | { type: 'RecognitionRequested'; data: { achievementId: string; requestedAt: string; responsibleInstitution: string } };

export type AchievementEventType = AchievementEvent['type'];
