import { AchievementListItem, AchievementView } from '@credit-bank/contracts';
import { StoredDocument } from '@credit-bank/kernel';
import { AchievementDocument } from '../projections/achievements/achievements.projection';

type Stored = AchievementDocument & StoredDocument;

export function toListItem(doc: Stored, no: number, name: string | null): AchievementListItem {
  return {
    id: doc.id,
    no,
    name,
    achievementName: doc.achievementName,
    category: doc.category,
    categoryName: doc.categoryName,
    type: doc.type,
    typeName: doc.typeName,
    source: doc.source,
    recognition: doc.recognition,
    addedAt: doc.addedAt,
    revision: doc.revision,
  };
}

export function toView(doc: Stored, name: string | null): AchievementView {
  return {
    id: doc.id,
    revision: doc.revision,
    name,
    achievementName: doc.achievementName,
    category: doc.category,
    categoryName: doc.categoryName,
    type: doc.type,
    typeName: doc.typeName,
    institutionName: doc.institutionName,
    institutionId: doc.institutionId ?? null,
    source: doc.source,
    catalogItemId: doc.catalogItemId,
    catalogItem: doc.catalogItem,
    custom: doc.custom,
    certificateNumber: doc.certificateNumber,
    issueDate: doc.issueDate,
    certificateLevel: doc.certificateLevel,
    occupation: doc.occupation,
    educationLevel: doc.educationLevel,
    evidenceId: doc.evidenceId,
    description: doc.description,
    recognition: doc.recognition,
    responsibleInstitution: doc.responsibleInstitution,
    addedAt: doc.addedAt,
    updatedAt: doc.updatedAt,
  };
}
