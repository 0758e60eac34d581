import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../pagination.dto';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const upperTrimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/** 18 characters of the credit-code alphabet; the catalog's domain checks the check character. */
export const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * A qualification institution (资历机构) of the catalogue's directory: the identity that catalogue
 * entries, conversion rules, recognition requests and institution accounts refer to. Names are
 * for people; authority follows the id.
 */
export class QualificationInstitutionView {
  @ApiProperty({ format: 'uuid', description: 'Directory id: what every reference to the institution uses' })
  id: string;

  @ApiProperty({ example: '广东开放大学', description: 'Name (资历机构名称)' })
  name: string;

  @ApiProperty({ type: String, nullable: true, example: '12440000455858060Q', description: 'Unified social credit code (统一社会信用代码); null when not recorded' })
  creditCode: string | null;

  @ApiProperty({ type: [String], example: ['广东广播电视大学'], description: 'Other names the institution is known by (searchable)' })
  aliases: string[];

  @ApiProperty({ description: 'Revision of the directory entry (0 = as listed)' })
  revision: number;
}

export class QualificationInstitutionsPage {
  @ApiProperty({ type: [QualificationInstitutionView] }) items: QualificationInstitutionView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** Payload of `catalog.search-institutions.v1`; query of GET /qualification-institutions. */
export class SearchQualificationInstitutionsDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, example: '开放大学', description: 'Keyword: substring of the name or an alias' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: '12440000455858060Q', description: 'Exact unified social credit code' })
  @IsOptional()
  @Transform(upperTrimmed)
  @IsString()
  @Matches(CREDIT_CODE_SHAPE, { message: 'creditCode must be 18 characters of the credit-code alphabet' })
  creditCode?: string;
}

/** Payload of `catalog.get-institution.v1`. */
export class GetQualificationInstitutionDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

/** Body of POST /admin/qualification-institutions; payload of `catalog.list-institution.v1` (admin). */
export class ListQualificationInstitutionDto {
  @ApiProperty({ maxLength: 200, example: '广东开放大学' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '12440000455858060Q', description: 'Unified social credit code, if known: how an institution account is matched to the directory' })
  @IsOptional()
  @Transform(upperTrimmed)
  @IsString()
  creditCode?: string;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];
}

/** Body of PATCH /admin/qualification-institutions/{id}: the fields to change. */
export class ReviseQualificationInstitutionBodyDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes the recorded code' })
  @IsOptional()
  @Transform(upperTrimmed)
  @IsString()
  creditCode?: string | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];
}

/** Payload of `catalog.revise-institution.v1` (admin). */
export class ReviseQualificationInstitutionDto extends ReviseQualificationInstitutionBodyDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;

  /** The revision the administrator read (If-Match, optional); another is CATALOG.REVISION_CONFLICT. */
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number;
}
