import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONVERSION_RULE_KINDS, ConversionRuleKind } from '../catalog/conversion-rules';
import { ID_TYPE_VALUES } from '../identity/register-account.dto';
import { PageQueryDto } from '../pagination.dto';
import { trimmed } from './ledger-validators';

/**
 * 积累 · 转换 · 成绩单 · 收件箱 on the bus (the ledger's learning-account slice).
 * Learner patterns need an actor of role `learner`; the conversion-review patterns an
 * `institution` account the administrator approved (LEDGER.INSTITUTION_NOT_APPROVED otherwise);
 * the inbox either.
 */
export const CONVERSION_PATTERNS = {
  /** {} → LearningAccountView (学习账户: the caller's balance). */
  getLearningAccount: 'ledger.get-learning-account.v1',
  /** StatementQueryDto → StatementView (成绩单 as of a moment; the gateway renders the PDF). */
  getStatement: 'ledger.get-statement.v1',
  /** ApplyForConversionDto → ConversionApplicationView (转换成果申请 / 业绩类成果转换申请). */
  applyForConversion: 'ledger.apply-for-conversion.v1',
  /** ListConversionApplicationsDto → ConversionApplicationsPage (the learner's own, newest first). */
  listConversionApplications: 'ledger.list-conversion-applications.v1',
  /** ListConversionApplicationsDto → ConversionApplicationsPage (the awarding institution's, oldest first). */
  listConversionReviews: 'ledger.list-conversion-reviews.v1',
  /** ConversionApplicationIdDto → ConversionApplicationView (approved). */
  approveConversion: 'ledger.approve-conversion.v1',
  /** RejectConversionMessageDto → ConversionApplicationView (rejected). */
  rejectConversion: 'ledger.reject-conversion.v1',
  /** ListInboxDto → InboxPage (learner: messages to the account; institution: to the institution). */
  listInbox: 'ledger.list-inbox.v1',
  /** InboxMessageIdDto → InboxMessageView (read). */
  markInboxMessageRead: 'ledger.mark-inbox-message-read.v1',
} as const;

/** Error codes of the slice (also in LEDGER_ERROR_CODES). */
export const CONVERSION_ERROR_CODES = {
  CONVERSION_NO_ACHIEVEMENTS: 'LEDGER.CONVERSION_NO_ACHIEVEMENTS',
  CONVERSION_DUPLICATE_ACHIEVEMENT: 'LEDGER.CONVERSION_DUPLICATE_ACHIEVEMENT',
  CONVERSION_ACHIEVEMENT_UNKNOWN: 'LEDGER.CONVERSION_ACHIEVEMENT_UNKNOWN',
  ACHIEVEMENT_NOT_RECOGNISED: 'LEDGER.ACHIEVEMENT_NOT_RECOGNISED',
  ACHIEVEMENT_HELD: 'LEDGER.ACHIEVEMENT_HELD',
  ACHIEVEMENT_SPENT: 'LEDGER.ACHIEVEMENT_SPENT',
  CONVERSION_RULE_UNKNOWN: 'LEDGER.CONVERSION_RULE_UNKNOWN',
  CONVERSION_RULE_RETIRED: 'LEDGER.CONVERSION_RULE_RETIRED',
  CONVERSION_RULE_NOT_EFFECTIVE: 'LEDGER.CONVERSION_RULE_NOT_EFFECTIVE',
  CONVERSION_KIND_MISMATCH: 'LEDGER.CONVERSION_KIND_MISMATCH',
  CONVERSION_SOURCE_MISMATCH: 'LEDGER.CONVERSION_SOURCE_MISMATCH',
  CONVERSION_TOO_MANY_ACHIEVEMENTS: 'LEDGER.CONVERSION_TOO_MANY_ACHIEVEMENTS',
  CONVERSION_CREDIT_LIMIT_EXCEEDED: 'LEDGER.CONVERSION_CREDIT_LIMIT_EXCEEDED',
  CONVERSION_APPLICATION_EXISTS: 'LEDGER.CONVERSION_APPLICATION_EXISTS',
  CONVERSION_APPLICATION_NOT_FOUND: 'LEDGER.CONVERSION_APPLICATION_NOT_FOUND',
  CONVERSION_ALREADY_DECIDED: 'LEDGER.CONVERSION_ALREADY_DECIDED',
  CONVERSION_REASON_REQUIRED: 'LEDGER.CONVERSION_REASON_REQUIRED',
  STATEMENT_AS_OF_INVALID: 'LEDGER.STATEMENT_AS_OF_INVALID',
  INBOX_MESSAGE_NOT_FOUND: 'LEDGER.INBOX_MESSAGE_NOT_FOUND',
} as const;

export const CONVERSION_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ConversionStatusName = (typeof CONVERSION_STATUSES)[number];

export class ApplyForConversionDto {
  @ApiProperty({ format: 'uuid', description: 'The conversion rule (转换规则, GET /conversion-rules); its current version is used and recorded' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  ruleId: string;

  @ApiProperty({ type: [String], description: 'Your recognised achievements to convert (not held by another application, not spent)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  achievementIds: string[];

  @ApiProperty({ enum: CONVERSION_RULE_KINDS, description: 'achievement: 转换成果申请; work-performance: 业绩类成果转换申请 (工作业绩 achievements under work-performance rules only)' })
  @IsIn(CONVERSION_RULE_KINDS)
  kind: ConversionRuleKind;
}

export class ListConversionApplicationsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONVERSION_STATUSES, description: 'pending (待审核), approved (通过), rejected (不通过)' })
  @IsOptional()
  @IsIn(CONVERSION_STATUSES)
  status?: ConversionStatusName;
}

export class ConversionApplicationIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  applicationId: string;
}

export class RejectConversionDto {
  @ApiProperty({ maxLength: 500, example: '所持证书与课程内容不符', description: 'Why (不通过原因)' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

export class RejectConversionMessageDto extends RejectConversionDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  applicationId: string;
}

export class StatementQueryDto {
  @ApiPropertyOptional({
    example: '2025-12-31',
    description: 'The moment (YYYY-MM-DD = end of that day, China time; or an ISO date-time, China time without an offset). Default: now.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  asOf?: string;

  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'pdf: a printable A4 成绩单 (as with Accept: application/pdf)' })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

export class ListInboxDto extends PageQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'true: unread messages only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class InboxMessageIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id: string;
}

export class CreditTotalsView {
  @ApiProperty({ description: 'Recognised credits (认定学分)' })
  recognised: number;
  @ApiProperty({ description: 'Not held nor spent (可用)' })
  available: number;
  @ApiProperty({ description: 'Held by pending applications (冻结)' })
  held: number;
  @ApiProperty({ description: 'Spent in approved conversions (已转换)' })
  spent: number;
}

export class CategoryCreditsView extends CreditTotalsView {
  @ApiProperty({ description: 'Category code (成果分类)' })
  category: string;
}

export class LevelCreditsView extends CreditTotalsView {
  @ApiProperty({ nullable: true, type: Number, description: 'Framework level (资历框架等级) 1–7' })
  frameworkLevel: number | null;
}

export class ConversionTargetView {
  @ApiProperty({ description: '专业' })
  programme: string;
  @ApiPropertyOptional({ description: '课程' })
  course?: string;
  @ApiProperty({ format: 'uuid', description: '转换机构 in the directory (资历机构)' })
  awardingInstitutionId: string;
  @ApiProperty({ description: '转换机构' })
  awardingInstitution: string;
  @ApiProperty({ description: 'Credits one conversion grants' })
  credits: number;
}

export class AccountAchievementView {
  @ApiProperty({ format: 'uuid' })
  achievementId: string;
  @ApiProperty({ description: '成果名称' })
  achievementName: string;
  @ApiProperty({ description: 'Institution on the certificate (颁证机构)' })
  issuingInstitution: string;
  @ApiProperty({ nullable: true, type: String })
  catalogItemId: string | null;
  @ApiProperty({ description: '成果分类 (as recognised)' })
  category: string;
  @ApiProperty({ description: '成果类型 (as recognised)' })
  type: string;
  @ApiProperty({ nullable: true, type: Number, description: '资历框架等级' })
  frameworkLevel: number | null;
  @ApiProperty({ description: '学分' })
  credits: number;
  @ApiProperty({ nullable: true, type: String, description: '认定机构' })
  recognisedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: '认定时间' })
  recognisedAt: string | null;
  @ApiProperty({ enum: ['available', 'held', 'spent'] })
  state: 'available' | 'held' | 'spent';
  @ApiProperty({ nullable: true, type: String, description: 'The application holding or spending it' })
  applicationId: string | null;
}

export class AccountConversionView {
  @ApiProperty({ format: 'uuid' })
  applicationId: string;
  @ApiProperty({ enum: CONVERSION_RULE_KINDS })
  kind: ConversionRuleKind;
  @ApiProperty({ format: 'uuid' })
  ruleId: string;
  @ApiProperty({ description: 'The rule version the application was made under (规则版本)' })
  ruleVersion: number;
  @ApiProperty({ type: ConversionTargetView })
  target: ConversionTargetView;
  @ApiProperty({ type: [String] })
  achievementIds: string[];
  @ApiProperty({ enum: CONVERSION_STATUSES })
  status: ConversionStatusName;
  @ApiProperty()
  appliedAt: string;
  @ApiProperty({ nullable: true, type: String })
  decidedAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Account id of the deciding reviewer' })
  decidedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: '不通过原因' })
  reason: string | null;
  @ApiProperty({ description: 'Credits granted (the target’s credits once approved, else 0)' })
  convertedCredits: number;
  @ApiProperty({
    type: [String],
    description: 'Achievements of the application whose recognition was revoked (撤销认定) since: an approved conversion is never changed silently, it is flagged here and in the inbox of the awarding institution and 管理中心',
  })
  revokedAchievementIds: string[];
}

/** 学习账户: recognised credits by category and framework level, and the achievements behind them. */
export class LearningAccountView {
  @ApiProperty()
  learnerId: string;
  @ApiProperty({ type: CreditTotalsView })
  totals: CreditTotalsView;
  @ApiProperty({ type: [CategoryCreditsView] })
  byCategory: CategoryCreditsView[];
  @ApiProperty({ type: [LevelCreditsView] })
  byFrameworkLevel: LevelCreditsView[];
  @ApiProperty({ type: [AccountAchievementView] })
  achievements: AccountAchievementView[];
  @ApiProperty({ type: [AccountConversionView] })
  conversions: AccountConversionView[];
}

/** 成绩单: the learning account as it was at `asOf`, computed from the events. */
export class StatementView extends LearningAccountView {
  @ApiProperty({ nullable: true, type: String, description: '姓名 (when the ledger knows it; null once the account was erased)' })
  learnerName: string | null;
  @ApiProperty({ description: 'The learner erased their account (已注销): learnerName is null for good; what was decided stays' }) learnerErased: boolean;
  @ApiProperty({ description: 'The moment the statement is for (ISO-8601 instant)' })
  asOf: string;
  @ApiProperty({ description: 'When it was made' })
  generatedAt: string;
}

/**
 * 持有人: who the statement is of, as the identity service shows the account to its owner (`/me`):
 * the ID number masked there (first 6 and last 4 characters). The gateway asks identity for it;
 * the ledger never holds an ID number.
 */
export class StatementHolderView {
  @ApiProperty({ description: '真实姓名' })
  realName: string;
  @ApiProperty({ enum: ID_TYPE_VALUES, description: '证件类型' })
  idType: string;
  @ApiProperty({ example: '440106********123X', description: '证件号码, masked as in GET /me: the first 6 and last 4 characters' })
  maskedIdNumber: string;
}

export class StatementConversionView extends AccountConversionView {
  @ApiProperty({ nullable: true, type: String, description: 'The name of the rule at the version used (转换规则名称), from the catalog; null if the catalog does not know it' })
  ruleName: string | null;
}

/**
 * What `GET /learning-account/statement` answers: the ledger's StatementView completed by the
 * gateway with the holder (from identity) and each conversion's rule name (from the catalog).
 */
export class StatementResponse extends StatementView {
  @ApiProperty({ nullable: true, type: StatementHolderView, description: 'null only for an account identity does not know' })
  holder: StatementHolderView | null;
  @ApiProperty({ type: [StatementConversionView] })
  override conversions: StatementConversionView[];
}

export class ConversionApplicationView extends AccountConversionView {
  @ApiProperty()
  learnerId: string;
  @ApiProperty({ nullable: true, type: String, description: '申请人姓名 (when known; null once the account was erased)' })
  learnerName: string | null;
  @ApiProperty({ description: 'The learner erased their account (已注销): learnerName is null for good; what was decided stays' }) learnerErased: boolean;
  @ApiProperty({ description: 'Sum of the recognised credits of the achievements used' })
  achievementCredits: number;
  @ApiProperty({ type: [AccountAchievementView], description: 'The achievements as recognised' })
  achievements: AccountAchievementView[];
}

export class ConversionApplicationsPage {
  @ApiProperty({ type: [ConversionApplicationView] })
  items: ConversionApplicationView[];
  @ApiProperty()
  total: number;
  @ApiProperty()
  page: number;
  @ApiProperty()
  pageSize: number;
}

export const INBOX_MESSAGE_KINDS = [
  'recognition-requested',
  'achievement-recognised',
  'recognition-rejected',
  'achievement-returned',
  'conversion-applied',
  'conversion-approved',
  'conversion-rejected',
  'recognition-awaiting-routing',
  'recognition-revoked',
  'conversion-flagged',
  'institution-approved',
  'institution-rejected',
] as const;
export type InboxMessageKind = (typeof INBOX_MESSAGE_KINDS)[number];

export class InboxMessageView {
  @ApiProperty()
  id: string;
  @ApiProperty({ enum: INBOX_MESSAGE_KINDS })
  kind: InboxMessageKind;
  @ApiProperty({ example: '认定通过', description: 'Title (Chinese)' })
  title: string;
  @ApiProperty({ description: 'Text (Chinese)' })
  body: string;
  @ApiPropertyOptional({ description: 'The achievement concerned' })
  achievementId?: string;
  @ApiPropertyOptional({ description: 'The conversion application concerned' })
  applicationId?: string;
  @ApiProperty()
  createdAt: string;
  @ApiProperty()
  read: boolean;
  @ApiProperty({ nullable: true, type: String })
  readAt: string | null;
}

export class InboxPage {
  @ApiProperty({ type: [InboxMessageView] })
  items: InboxMessageView[];
  @ApiProperty()
  total: number;
  @ApiProperty({ description: 'Unread messages in the whole inbox' })
  unread: number;
  @ApiProperty()
  page: number;
  @ApiProperty()
  pageSize: number;
}

