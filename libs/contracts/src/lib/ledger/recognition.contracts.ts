import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CATALOG_CATEGORY_CODES, CATALOG_TYPE_CODES, CatalogCategoryCode, CatalogTypeCode } from '../catalog/catalog.codes';
import { PageQueryDto } from '../pagination.dto';
import { IsCalendarDate, trimmed } from './ledger-validators';
import { AchievementView, RecognitionView } from './ledger.responses';

/**
 * 认定 (recognition) on the bus: an institution reviewer's queue and decisions. Every pattern needs
 * an actor of role `institution` that the administrator approved (else AUTH.FORBIDDEN or
 * LEDGER.INSTITUTION_NOT_APPROVED), and sees only requests submitted to its own institution
 * (anything else is LEDGER.ACHIEVEMENT_NOT_FOUND).
 */
export const RECOGNITION_PATTERNS = {
  /** ListReviewsDto → ReviewsPage (oldest submission first). */
  listReviews: 'ledger.list-reviews.v1',
  /** AchievementIdDto → ReviewView. */
  getReview: 'ledger.get-review.v1',
  /** AchievementIdDto → ReviewDecisionResponse (status under-review). */
  claimRecognition: 'ledger.claim-recognition.v1',
  /** RecogniseAchievementMessageDto → ReviewDecisionResponse (status recognised). */
  recogniseAchievement: 'ledger.recognise-achievement.v1',
  /** ReviewReasonMessageDto → ReviewDecisionResponse (status rejected). */
  rejectRecognition: 'ledger.reject-recognition.v1',
  /** ReviewReasonMessageDto → ReviewDecisionResponse (status returned). */
  returnAchievement: 'ledger.return-achievement.v1',
  /**
   * ReviewReasonMessageDto → ReviewDecisionResponse (status revoked): 撤销认定 by the recognising
   * institution or the administrator (actor `institution` or `admin`).
   */
  revokeRecognition: 'ledger.revoke-recognition.v1',
} as const;

/** 管理中心's routing queue (actor `admin`): requests no approved institution account reviews for. */
export const ROUTING_PATTERNS = {
  /** ListRoutingQueueDto → ReviewsPage (oldest submission first). */
  listRoutingQueue: 'ledger.list-routing-queue.v1',
  /** RouteRecognitionMessageDto `{id, institutionId}` → ReviewDecisionResponse (status submitted). */
  routeRecognition: 'ledger.route-recognition.v1',
  /** ReviewReasonMessageDto → ReviewDecisionResponse (status returned). */
  declineRouting: 'ledger.decline-routing.v1',
} as const;

/** Statuses a reviewer may filter on (everything after 提交认定). */
export const REVIEW_STATUSES = ['submitted', 'under-review', 'recognised', 'rejected', 'returned', 'revoked'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The queue's default filter when no status is given: what still waits for a decision (待处理). */
export const OPEN_REVIEW_STATUSES: readonly ReviewStatus[] = ['submitted', 'under-review'];

/** Bounds the ledger also enforces (LEDGER.RECOGNITION_INVALID). */
export const RECOGNITION_BOUNDS = { minLevel: 1, maxLevel: 7, maxCredits: 1000, reason: 500, comment: 500, duplicateReason: 500 } as const;

/** GET /reviews: the reviewer's queue (page from 1, pageSize 1..100, default 20). */
export class ListReviewsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REVIEW_STATUSES, description: 'Default: submitted and under-review (待处理)' })
  @IsOptional()
  @IsIn(REVIEW_STATUSES)
  status?: ReviewStatus;

  @ApiPropertyOptional({ enum: CATALOG_CATEGORY_CODES, description: '成果分类' })
  @IsOptional()
  @IsIn(CATALOG_CATEGORY_CODES)
  category?: CatalogCategoryCode;

  @ApiPropertyOptional({ format: 'date', description: 'Submitted on or after this day (YYYY-MM-DD, China time)' })
  @IsOptional()
  @IsCalendarDate()
  submittedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Submitted on or before this day (YYYY-MM-DD, China time)' })
  @IsOptional()
  @IsCalendarDate()
  submittedTo?: string;
}

/** Body of POST /reviews/{id}/recognition: anything not given defaults from the catalogue entry. */
export class RecogniseAchievementDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: '资历框架等级; default: the catalogue entry’s level (required for hand-entered achievements)' })
  @IsOptional()
  @IsInt()
  @Min(RECOGNITION_BOUNDS.minLevel)
  @Max(RECOGNITION_BOUNDS.maxLevel)
  frameworkLevel?: number;

  @ApiPropertyOptional({ enum: CATALOG_CATEGORY_CODES, description: '成果分类; default: the achievement’s category' })
  @IsOptional()
  @IsIn(CATALOG_CATEGORY_CODES)
  category?: CatalogCategoryCode;

  @ApiPropertyOptional({ enum: CATALOG_TYPE_CODES, description: '成果类型; default: the achievement’s type. Must be a type of the category.' })
  @IsOptional()
  @IsIn(CATALOG_TYPE_CODES)
  type?: CatalogTypeCode;

  @ApiPropertyOptional({ minimum: 0.01, maximum: 1000, description: '学分 (> 0); default: the catalogue entry’s credits (required for hand-entered achievements)' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(RECOGNITION_BOUNDS.maxCredits)
  credits?: number;

  @ApiPropertyOptional({ maxLength: 500, description: '认定意见' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(RECOGNITION_BOUNDS.comment)
  comment?: string;

  @ApiPropertyOptional({
    maxLength: 500,
    description: 'Required when the review shows possibleDuplicates (other learners stored the same certificate): why it is recognised anyway. Without it: 409 LEDGER.POSSIBLE_DUPLICATE',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(RECOGNITION_BOUNDS.duplicateReason)
  duplicateReason?: string;
}

export class RecogniseAchievementMessageDto extends RecogniseAchievementDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

/** Body of POST /reviews/{id}/rejection and /return. */
export class ReviewReasonDto {
  @ApiProperty({ maxLength: 500, example: '扫描件不清晰，请重新上传证书原件照片', description: 'Why (shown to the learner in the recognition record)' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(RECOGNITION_BOUNDS.reason)
  reason: string;
}

export class ReviewReasonMessageDto extends ReviewReasonDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

export class ReviewDecisionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: [...REVIEW_STATUSES, 'awaiting-routing'] })
  status: ReviewStatus | 'awaiting-routing';

  @ApiProperty({ description: 'Revision of the achievement after the step' })
  revision: number;
}

/** A row of the review queue (认定审核). */
export class ReviewListItem {
  @ApiProperty({ format: 'uuid', description: 'The achievement id' }) id: string;
  @ApiProperty({ description: '序号: 1-based position across pages' }) no: number;
  @ApiProperty({ description: 'The learner’s account id' }) learnerId: string;
  @ApiProperty({ nullable: true, type: String, description: '姓名 (null until the account is known to the ledger, and once it was erased)' }) learnerName: string | null;
  @ApiProperty({ description: 'The learner erased their account (已注销): learnerName is null for good; what was decided stays' }) learnerErased: boolean;
  @ApiProperty({ description: '成果名称' }) achievementName: string;
  @ApiProperty() category: string;
  @ApiProperty() categoryName: string;
  @ApiProperty() type: string;
  @ApiProperty() typeName: string;
  @ApiProperty({ enum: ['catalog', 'custom'] }) source: 'catalog' | 'custom';
  @ApiProperty({ nullable: true, type: String }) catalogItemId: string | null;
  @ApiProperty({ description: '证书编号' }) certificateNumber: string;
  @ApiProperty({ nullable: true, type: String, description: 'The institution the request names (资历机构名称)' }) responsibleInstitution: string | null;
  @ApiProperty({ format: 'date', description: '发证日期' }) issueDate: string;
  @ApiProperty({ description: 'When it was (last) submitted' }) submittedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'The reviewer who claimed it' }) claimedBy: string | null;
  @ApiProperty({ type: RecognitionView }) recognition: RecognitionView;
  @ApiProperty() revision: number;
}

export class ReviewsPage {
  @ApiProperty({ type: [ReviewListItem] }) items: ReviewListItem[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** One request in full, as the reviewer sees it (the learner’s whole achievement and its record). */
export class ReviewView extends AchievementView {
  @ApiProperty({ description: 'The learner’s account id' }) learnerId: string;
  @ApiProperty({ description: 'The learner erased their account (已注销): learnerName is null for good; what was decided stays' }) learnerErased: boolean;
  // `name` (姓名) is null once the learner's account was erased.
  @ApiProperty({
    type: [String],
    description: '可能重复: achievements of other learners holding the same certificate (issuer and normalised certificate number); recognising needs duplicateReason while any is listed',
  })
  possibleDuplicates: string[];
  @ApiProperty({ description: 'When it was (last) submitted' }) submittedAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'The reviewer who claimed it' }) claimedBy: string | null;
}

/** GET /admin/recognition-routing: 管理中心's routing queue. */
export class ListRoutingQueueDto extends PageQueryDto {}

/** Body of POST /admin/recognition-routing/{id}/assignment. */
export class RouteRecognitionDto {
  @ApiProperty({ format: 'uuid', description: 'The directory institution (资历机构) to review it; it must have an approved institution account' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  institutionId: string;
}

export class RouteRecognitionMessageDto extends RouteRecognitionDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}
