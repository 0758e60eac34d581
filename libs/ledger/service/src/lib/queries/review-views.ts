import { ReviewListItem, ReviewView } from '@credit-bank/contracts';
import { StoredDocument } from '@credit-bank/kernel';
import { AchievementDocument } from '../projections/achievements/achievements.projection';
import { toView } from './achievement-views';

type Stored = AchievementDocument & StoredDocument;

export function toReviewItem(doc: Stored, no: number, learnerName: string | null): ReviewListItem {
  return {
    id: doc.id,
    no,
    learnerId: doc.ownerId,
    learnerName,
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

export function toReviewView(doc: Stored, learnerName: string | null, possibleDuplicates: string[]): ReviewView {
  return { ...toView(doc, learnerName), learnerId: doc.ownerId, submittedAt: doc.submittedAt ?? '', claimedBy: doc.claimedBy ?? null, possibleDuplicates };
}
