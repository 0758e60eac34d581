import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const EVIDENCE_MEDIA_TYPE_NAMES = ['image/jpeg', 'image/png', 'image/gif', 'application/pdf'] as const;
export type EvidenceMediaTypeName = (typeof EVIDENCE_MEDIA_TYPE_NAMES)[number];

export class EvidenceRegisteredResponse {
  @ApiProperty({ format: 'uuid', description: 'Evidence id: give it as `evidenceId` when storing the achievement' })
  id: string;

  @ApiProperty({ description: 'Lower-case hex SHA-256 of the bytes' })
  sha256: string;

  @ApiProperty({ enum: EVIDENCE_MEDIA_TYPE_NAMES, description: 'Recognised from the first bytes, not from the name' })
  mediaType: EvidenceMediaTypeName;

  @ApiProperty({ description: 'Bytes' })
  size: number;
}

/** Answer of `ledger.get-evidence.v1` (owner only). */
export class EvidenceView extends EvidenceRegisteredResponse {
  @ApiProperty()
  registeredAt: string;

  @ApiProperty({ example: 'evidence-3f6c….pdf', description: 'Server-made download name' })
  fileName: string;

  @ApiProperty({ nullable: true, type: String, description: 'The achievement it backs, if any' })
  attachedTo: string | null;
}

export class AchievementRevisionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Revision of the achievement (0 after creation); the ETag carries it', example: 0 })
  revision: number;
}

export class RecognitionRequestedResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({
    enum: ['submitted', 'awaiting-routing'],
    description: 'submitted: in the responsible institution’s review queue; awaiting-routing: no approved account reviews for that institution (or it was only named), 管理中心 assigns it or returns it',
  })
  status: 'submitted' | 'awaiting-routing';

  @ApiProperty({ description: 'Revision after the submission' })
  revision: number;
}

export class AchievementWithdrawnResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: [true] })
  withdrawn: true;
}

export const RECOGNITION_STATUSES = ['not-submitted', 'awaiting-routing', 'submitted', 'under-review', 'recognised', 'rejected', 'returned', 'revoked'] as const;
/**
 * not-submitted = 未提交, awaiting-routing = 待分派 (管理中心 decides which institution reviews it: the
 * institution named has no approved account, or is not in the directory), submitted = 已提交
 * (待受理), under-review = 认定中 (a reviewer claimed it), recognised = 认定通过, rejected =
 * 认定不通过, returned = 退回修改 (the learner may edit and submit again), revoked = 已撤销认定.
 */
export type RecognitionStatus = (typeof RECOGNITION_STATUSES)[number];

export const RECOGNITION_STEPS = ['submitted', 'routed', 'routing-declined', 'claimed', 'recognised', 'rejected', 'returned', 'amended', 'evidence-viewed', 'revoked'] as const;
export type RecognitionStep = (typeof RECOGNITION_STEPS)[number];

/** 认定结果: what the reviewer fixed. */
export class RecognitionOutcomeView {
  @ApiProperty({ minimum: 1, maximum: 7, description: '资历框架等级' }) frameworkLevel: number;
  @ApiProperty({ description: '成果分类 (code)' }) category: string;
  @ApiProperty({ description: '成果类型 (code)' }) type: string;
  @ApiProperty({ description: '学分 (> 0)' }) credits: number;
  @ApiPropertyOptional({ description: 'The reviewer’s comment (认定意见)' }) comment?: string;
}

/** One step of the recognition record (认定记录): what happened, who, when, why / with what outcome. */
export class RecognitionStepView {
  @ApiProperty({
    enum: RECOGNITION_STEPS,
    description:
      'submitted = 提交认定 (to the institution, or to 管理中心’s routing queue), routed = 管理中心 assigned it to an institution, routing-declined = 管理中心 returned it, ' +
      'claimed = 受理 (a reviewer took it), recognised = 认定通过, rejected = 认定不通过, returned = 退回修改, amended = 学习者修改 (after a return), ' +
      'evidence-viewed = a reviewer or 管理中心 opened the evidence file, revoked = 撤销认定',
  })
  step: RecognitionStep;

  @ApiProperty({ description: 'When (ISO-8601)' })
  at: string;

  @ApiProperty({ description: 'Account id of who took the step (the learner, or the reviewer)' })
  by: string;

  @ApiPropertyOptional({ description: 'Institution responsible for the review (the reviewer’s institution for review steps)' })
  institution?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'That institution’s directory id (null: 管理中心, or an institution only named by the learner)' })
  institutionId?: string | null;

  @ApiPropertyOptional({ enum: ['institution', 'admin'], description: 'For evidence-viewed and revoked: who — a reviewer of an institution, or 管理中心' })
  role?: 'institution' | 'admin';

  @ApiPropertyOptional({ description: 'Why: the reason of a rejection or a return' })
  reason?: string;

  @ApiPropertyOptional({ type: RecognitionOutcomeView, description: 'The outcome of a recognition' })
  outcome?: RecognitionOutcomeView;

  @ApiPropertyOptional({ type: [String], description: 'For an amendment: the fields the learner changed' })
  fields?: string[];
}

export class RecognitionView {
  @ApiProperty({ enum: RECOGNITION_STATUSES })
  status: RecognitionStatus;

  @ApiProperty({ type: [RecognitionStepView], description: '认定记录, oldest first' })
  record: RecognitionStepView[];

  @ApiPropertyOptional({ type: RecognitionOutcomeView, description: 'Set once recognised: level, category, type and credits that count' })
  outcome?: RecognitionOutcomeView;
}

/** A row of 认定成果管理. */
export class AchievementListItem {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: '序号: 1-based position across pages', example: 1 })
  no: number;

  @ApiProperty({ nullable: true, type: String, description: '姓名: the learner’s real name (null until the account is known to the ledger)' })
  name: string | null;

  @ApiProperty({ description: '成果名称' })
  achievementName: string;

  @ApiProperty({ description: '成果大类 (code)' })
  category: string;

  @ApiProperty({ example: '职业资格证书成果' })
  categoryName: string;

  @ApiProperty({ description: '成果类型 (code)' })
  type: string;

  @ApiProperty({ example: '国家及省级统一考试证书' })
  typeName: string;

  @ApiProperty({ enum: ['catalog', 'custom'], description: '成果来源: from the catalogue or entered by hand' })
  source: 'catalog' | 'custom';

  @ApiProperty({ type: RecognitionView, description: '认定记录' })
  recognition: RecognitionView;

  @ApiProperty({ description: '添加时间 (ISO-8601)' })
  addedAt: string;

  @ApiProperty()
  revision: number;
}

export class AchievementsPage {
  @ApiProperty({ type: [AchievementListItem] })
  items: AchievementListItem[];

  @ApiProperty()
  total: number;

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  pageSize: number;
}

export class CatalogSnapshotView {
  @ApiProperty() projectName: string;
  @ApiProperty() achievementName: string;
  @ApiProperty({ format: 'uuid', description: 'The directory institution (资历机构)' }) institutionId: string;
  @ApiProperty() institutionName: string;
  @ApiProperty() type: string;
  @ApiProperty() typeName: string;
  @ApiProperty() frameworkLevel: number;
  @ApiProperty() credits: number;
}

export class CustomAchievementView {
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The institution picked from the directory; null when only named' }) institutionId: string | null;
  @ApiProperty() institutionName: string;
  @ApiProperty() type: string;
  @ApiProperty() typeName: string;
}

/** The whole achievement as its owner sees it (GET /achievements/:id). */
export class AchievementView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The ETag carries it' }) revision: number;
  @ApiProperty({ nullable: true, type: String, description: '姓名' }) name: string | null;
  @ApiProperty() achievementName: string;
  @ApiProperty() category: string;
  @ApiProperty() categoryName: string;
  @ApiProperty() type: string;
  @ApiProperty() typeName: string;
  @ApiProperty({ description: 'Institution of the catalogue entry, or the one entered by hand' }) institutionName: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Its directory id (null: named by hand, not picked from the directory)' }) institutionId: string | null;
  @ApiProperty({ enum: ['catalog', 'custom'] }) source: 'catalog' | 'custom';
  @ApiProperty({ nullable: true, type: String }) catalogItemId: string | null;
  @ApiProperty({ nullable: true, type: CatalogSnapshotView, description: 'The catalogue entry as it was when chosen' }) catalogItem: CatalogSnapshotView | null;
  @ApiProperty({ nullable: true, type: CustomAchievementView }) custom: CustomAchievementView | null;
  @ApiProperty() certificateNumber: string;
  @ApiProperty({ format: 'date' }) issueDate: string;
  @ApiProperty({ nullable: true, type: String }) certificateLevel: string | null;
  @ApiProperty({ nullable: true, type: String }) occupation: string | null;
  @ApiProperty({ nullable: true, type: String }) educationLevel: string | null;
  @ApiProperty({ format: 'uuid' }) evidenceId: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ type: RecognitionView }) recognition: RecognitionView;
  @ApiProperty({ nullable: true, type: String, description: 'Institution the recognition request went to' }) responsibleInstitution: string | null;
  @ApiProperty() addedAt: string;
  @ApiProperty() updatedAt: string;
}

export interface LedgerHealth {
  status: 'up' | 'down';
  details: Record<string, unknown>;
}
