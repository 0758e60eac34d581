import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../pagination.dto';
import { CATALOG_CATEGORY_CODES } from './catalog.codes';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** What a conversion rule converts: achievements (转换成果) or work performance (业绩类成果转换). */
export const CONVERSION_RULE_KINDS = ['achievement', 'work-performance'] as const;
export type ConversionRuleKind = (typeof CONVERSION_RULE_KINDS)[number];
export type ConversionRuleStatus = 'active' | 'retired';
/** At most this many versions in one `catalog.get-conversion-rule-versions.v1` request. */
export const CONVERSION_RULE_VERSIONS_MAX_REFS = 500;

/**
 * Shapes only (types of the fields); the catalog's domain checks the rules (required fields,
 * ranges, dates…) and answers CATALOG.CONVERSION_RULE_INVALID with one error per field.
 */
export class ConversionRuleSourcesDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Catalogue entries (成果目录) whose recognised achievements qualify' })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  catalogItemIds?: string[];

  @ApiPropertyOptional({ enum: CATALOG_CATEGORY_CODES, description: 'Achievement category (成果分类) that qualifies' })
  @IsOptional()
  @IsString()
  category?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: 'Lowest framework level (资历框架等级) of a qualifying achievement' })
  @IsOptional()
  @IsNumber()
  minFrameworkLevel?: number;
}

export class ConversionRuleTargetDto {
  @ApiProperty({ example: '计算机应用技术（专科）', description: 'Programme (专业) the credits count towards' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  programme: string;

  @ApiPropertyOptional({ example: '计算机应用基础', description: 'Course (课程) exempted or credited' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  course?: string;

  @ApiProperty({
    format: 'uuid',
    description: 'Awarding institution (转换机构), by its id in the directory (GET /qualification-institutions); its reviewers decide applications under the rule. Its name is the directory’s',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(64)
  awardingInstitutionId: string;

  @ApiProperty({ example: 3, description: 'Credits granted by one conversion, > 0 and ≤ 60, at most one decimal' })
  @IsOptional()
  @IsNumber()
  credits: number;
}

export class ConversionRuleLimitsDto {
  @ApiPropertyOptional({ example: 6, description: 'Most credits converted towards this target per learner (approved + pending)' })
  @IsOptional()
  @IsNumber()
  maxCreditsPerTarget?: number;

  @ApiPropertyOptional({ example: 2, description: 'Most achievements in one application' })
  @IsOptional()
  @IsNumber()
  maxAchievements?: number;
}

/** Content of a conversion rule (转换规则). */
export class ConversionRuleContentDto {
  @ApiProperty({ maxLength: 200, example: '全国计算机等级考试二级证书转换《计算机应用基础》课程学分' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  name: string;

  @ApiProperty({ enum: CONVERSION_RULE_KINDS, description: 'achievement: 转换成果申请; work-performance: 业绩类成果转换申请' })
  @IsOptional()
  @IsString()
  kind: ConversionRuleKind;

  @ApiProperty({ type: ConversionRuleSourcesDto, description: 'Which recognised achievements qualify (at least one criterion)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConversionRuleSourcesDto)
  sources: ConversionRuleSourcesDto;

  @ApiProperty({ type: ConversionRuleTargetDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConversionRuleTargetDto)
  target: ConversionRuleTargetDto;

  @ApiPropertyOptional({ type: ConversionRuleLimitsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ConversionRuleLimitsDto)
  limits?: ConversionRuleLimitsDto;

  @ApiProperty({ format: 'date', example: '2025-09-01', description: 'First day the rule applies (YYYY-MM-DD)' })
  @IsOptional()
  @IsString()
  effectiveFrom: string;
}

/** Payload of `catalog.publish-conversion-rule.v1` (admin). */
export class PublishConversionRuleDto extends ConversionRuleContentDto {}

/** Payload of `catalog.revise-conversion-rule.v1` (admin): the whole new content and the version it replaces. */
export class ReviseConversionRuleDto extends ConversionRuleContentDto {
  @IsString()
  @IsNotEmpty()
  ruleId: string;

  /**
   * The version the administrator read (If-Match); another current version is CATALOG.REVISION_CONFLICT
   * (409) — version 0 too (rules start at 1): a well-formed If-Match is never a malformed request.
   */
  @IsInt()
  @Min(0)
  expectedVersion: number;
}

/** Payload of `catalog.retire-conversion-rule.v1` (admin). */
export class RetireConversionRuleDto {
  @IsString()
  @IsNotEmpty()
  ruleId: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number;

  @ApiPropertyOptional({ maxLength: 500, description: 'Why the rule is retired' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class RetireConversionRuleBodyDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Why the rule is retired' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** Payload of `catalog.get-conversion-rule.v1`: the current version, or the one named. */
export class GetConversionRuleDto {
  @IsString()
  @IsNotEmpty()
  ruleId: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

/** One version of one rule, as a conversion recorded it (ruleId + ruleVersion). */
export class ConversionRuleVersionRefDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  ruleId: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;
}

/** Payload of `catalog.get-conversion-rule-versions.v1`: several versions in one request. */
export class GetConversionRuleVersionsDto {
  @IsArray()
  @ArrayMaxSize(CONVERSION_RULE_VERSIONS_MAX_REFS)
  @ValidateNested({ each: true })
  @Type(() => ConversionRuleVersionRefDto)
  refs: ConversionRuleVersionRefDto[];
}

export class ConversionRuleVersionQueryDto {
  @ApiPropertyOptional({ minimum: 1, description: 'A version of the rule (1, 2, …); default the current one' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

/** 规则查询: search of the current versions of the active conversion rules. */
export class SearchConversionRulesDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Awarding institution: its id in the directory' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(64)
  awardingInstitutionId?: string;

  @ApiPropertyOptional({ example: '广东开放大学', description: 'Awarding institution (exact name, as the directory names it)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(200)
  awardingInstitution?: string;

  @ApiPropertyOptional({ enum: CONVERSION_RULE_KINDS })
  @IsOptional()
  @IsIn(CONVERSION_RULE_KINDS)
  kind?: ConversionRuleKind;

  @ApiPropertyOptional({ maxLength: 100, example: '计算机', description: 'Keyword: case-insensitive substring of the rule name, programme, course or awarding institution' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ConversionRuleSourcesView {
  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  catalogItemIds?: string[];

  @ApiPropertyOptional({ enum: CATALOG_CATEGORY_CODES })
  category?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 7 })
  minFrameworkLevel?: number;
}

export class ConversionRuleTargetView {
  @ApiProperty({ description: 'Programme (专业)' })
  programme: string;

  @ApiPropertyOptional({ description: 'Course (课程)' })
  course?: string;

  @ApiProperty({ format: 'uuid', description: 'Awarding institution (转换机构) in the directory: its reviewers decide the applications' })
  awardingInstitutionId: string;

  @ApiProperty({ description: 'Awarding institution (转换机构), as the directory names it' })
  awardingInstitution: string;

  @ApiProperty({ description: 'Credits granted by one conversion' })
  credits: number;
}

export class ConversionRuleLimitsView {
  @ApiPropertyOptional()
  maxCreditsPerTarget?: number;

  @ApiPropertyOptional()
  maxAchievements?: number;
}

/**
 * One version of a conversion rule: the answer of `catalog.get-conversion-rule.v1` and of the HTTP
 * endpoints. `status` is the rule's (a retired rule's old versions say retired too).
 */
export class ConversionRuleView {
  @ApiProperty({ format: 'uuid' })
  ruleId: string;

  @ApiProperty({ minimum: 1, description: 'This version (1, 2, …); also the ETag' })
  version: number;

  @ApiProperty({ minimum: 1, description: 'The rule’s current version' })
  currentVersion: number;

  @ApiProperty({ enum: ['active', 'retired'] })
  status: ConversionRuleStatus;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: CONVERSION_RULE_KINDS })
  kind: ConversionRuleKind;

  @ApiProperty({ type: ConversionRuleSourcesView })
  sources: ConversionRuleSourcesView;

  @ApiProperty({ type: ConversionRuleTargetView })
  target: ConversionRuleTargetView;

  @ApiProperty({ type: ConversionRuleLimitsView })
  limits: ConversionRuleLimitsView;

  @ApiProperty({ format: 'date' })
  effectiveFrom: string;

  @ApiProperty({ format: 'date-time', description: 'When this version was published' })
  publishedAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the rule was retired' })
  retiredAt?: string;
}

/** Answer of `catalog.get-conversion-rule-versions.v1`: the versions found, in the order asked. */
export class ConversionRuleVersionsResponse {
  @ApiProperty({ type: [ConversionRuleView] })
  items: ConversionRuleView[];
}

export class ConversionRulesPage {
  @ApiProperty({ type: [ConversionRuleView] })
  items: ConversionRuleView[];

  @ApiProperty()
  total: number;

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  pageSize: number;
}
