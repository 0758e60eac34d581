import { ConversionApplicationView, InboxMessageView } from '@credit-bank/contracts';
import { ConversionApplicationDocument } from '../projections/learning-accounts/learning-accounts.projection';
import { InboxDocument } from '../projections/inbox/inbox.projection';
import { LearnerLabel } from '../projections/learners/learners-directory';

export function toApplicationView(doc: ConversionApplicationDocument & { id: string }, { learnerName, learnerErased }: LearnerLabel): ConversionApplicationView {
  return {
    applicationId: doc.applicationId,
    learnerId: doc.learnerId,
    learnerName,
    learnerErased,
    kind: doc.kind,
    ruleId: doc.ruleId,
    ruleVersion: doc.ruleVersion,
    target: doc.target,
    achievementIds: doc.achievementIds,
    status: doc.status,
    appliedAt: doc.appliedAt,
    decidedAt: doc.decidedAt,
    decidedBy: doc.decidedBy,
    reason: doc.reason,
    convertedCredits: doc.convertedCredits,
    revokedAchievementIds: doc.revokedAchievementIds ?? [],
    achievementCredits: doc.achievementCredits,
    achievements: doc.achievements,
  };
}

export function toMessageView(doc: InboxDocument & { id: string }): InboxMessageView {
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    body: doc.body,
    ...(doc.achievementId ? { achievementId: doc.achievementId } : {}),
    ...(doc.applicationId ? { applicationId: doc.applicationId } : {}),
    createdAt: doc.createdAt,
    read: doc.read,
    readAt: doc.readAt,
  };
}
