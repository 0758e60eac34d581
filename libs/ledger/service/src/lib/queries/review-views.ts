import { ReviewListItem, ReviewView } from '@credit-bank/contracts';
import { StoredDocument } from '@credit-bank/kernel';
import { AchievementDocument } from '../projections/achievements/achievements.projection';
import { LearnerLabel } from '../projections/learners/learners-directory';
import { toView } from './achievement-views';

type Stored = AchievementDocument & StoredDocument;

export function toReviewItem(doc: Stored, no: number, { learnerName, learnerErased }: LearnerLabel): ReviewListItem {
  return {
    id: doc.id,
    no,
    learnerId: doc.ownerId,
    learnerName,
    learnerErased,
    achievementName: doc.achievementName,
    category: doc.category,
    categoryName: doc.categoryName,
    type: doc.type,
    typeName: doc.typeName,
    source: doc.source,
    catalogItemId: doc.catalogItemId,
    certificateNumber: doc.certificateNumber,
    responsibleInstitution: doc.responsibleInstitution ?? null,
    issueDate: doc.issueDate,
    submittedAt: doc.submittedAt ?? '',
    claimedBy: doc.claimedBy ?? null,
    recognition: doc.recognition,
    revision: doc.revision,
  };
}

export function toReviewView(doc: Stored, { learnerName, learnerErased }: LearnerLabel, possibleDuplicates: string[]): ReviewView {
  return { ...toView(doc, learnerName), learnerId: doc.ownerId, learnerErased, submittedAt: doc.submittedAt ?? '', claimedBy: doc.claimedBy ?? null, possibleDuplicates };
}
