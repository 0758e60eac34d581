import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * 机构统计 on the bus: an institution's own figures (actor `institution`), or any institution's
 * (actor `admin`, naming the institution account by id).
 */
export const STATISTICS_PATTERNS = {
  /** InstitutionStatisticsDto → InstitutionStatisticsView (404 LEDGER.INSTITUTION_NOT_FOUND for an unknown account, administrator only). */
  getInstitutionStatistics: 'ledger.get-institution-statistics.v1',
} as const;

/** Payload of `ledger.get-institution-statistics.v1`: the administrator names the institution account; an institution asks for its own (ignored). */
export class InstitutionStatisticsDto {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  accountId?: string;
}

export class CategoryRecognitionsView {
  @ApiProperty({ description: 'Category code (成果分类)' })
  category: string;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Standing recognitions in the category' })
  recognised: number;
}

export class LevelRecognitionsView {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: 'Framework level (资历框架等级)' })
  frameworkLevel: number;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Standing recognitions at the level' })
  recognised: number;
}

/**
 * 机构统计: what an institution received and decided, counted from the history. Counts only: no
 * learner is named, so an erased learner's recognitions keep counting.
 */
export class InstitutionStatisticsView {
  @ApiProperty({ format: 'uuid', description: 'The institution account asked about' })
  accountId: string;
  @ApiProperty({ nullable: true, type: String, description: 'The directory institution (资历机构) the account is linked to: the figures are its; null when not linked (all zero)' })
  institutionId: string | null;
  @ApiProperty({ description: 'The institution’s name' })
  institutionName: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Requests that reached its queue (a submission, an assignment by 管理中心, a resubmission after a return: each counts)' })
  submitted: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Requests waiting for its decision now (submitted or under review)' })
  pending: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: '认定通过 still standing (a revocation moves one to `revoked`)' })
  recognised: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: '不通过' })
  rejected: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: '退回修改' })
  returned: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'Its recognitions revoked since (撤销认定, by it or by 管理中心)' })
  revoked: number;
  @ApiProperty({ minimum: 0, description: 'Credits of its standing recognitions (学分, one decimal)' })
  creditsAwarded: number;
  @ApiProperty({ type: [CategoryRecognitionsView], description: 'Standing recognitions by category, by category code' })
  byCategory: CategoryRecognitionsView[];
  @ApiProperty({ type: [LevelRecognitionsView], description: 'Standing recognitions by framework level, lowest first' })
  byFrameworkLevel: LevelRecognitionsView[];
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'Its last recognition, rejection or return; null before any' })
  lastDecisionAt: string | null;
}
