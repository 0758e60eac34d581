import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, MaxLength, Min } from 'class-validator';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Catalogue maintenance by the administrator (管理中心). Shapes only: the catalog's domain checks
 * the rules (category and type, names, level 1..7, credits) and answers CATALOG.ITEM_INVALID.
 */
export class CatalogItemFieldsDto {
  @ApiPropertyOptional({ description: 'Achievement category (成果分类)' })
  @IsOptional()
  @IsString()
  category?: string;

  @ApiPropertyOptional({ description: 'Achievement type (成果类型), one of the category’s types' })
  @IsOptional()
  @IsString()
  type?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Project name (项目名称)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  projectName?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Achievement name (成果名称)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  achievementName?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Responsible qualification institution (资历机构), by its id in the directory (GET /qualification-institutions); it receives the recognition requests. Its name is the directory’s',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(64)
  institutionId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: 'Framework level (资历框架等级)' })
  @IsOptional()
  @IsNumber()
  frameworkLevel?: number;

  @ApiPropertyOptional({ description: 'Credits (学分), > 0 and ≤ 60, at most one decimal' })
  @IsOptional()
  @IsNumber()
  credits?: number;

  @ApiPropertyOptional({ description: 'Illustrative sample data (default false when publishing)' })
  @IsOptional()
  @IsBoolean()
  sample?: boolean;
}

/**
 * Payload of `catalog.publish-item.v1`: every field but `sample` is required (checked by the
 * domain); an `institutionId` the directory does not have is 404 CATALOG.INSTITUTION_NOT_FOUND.
 */
export class PublishCatalogItemDto extends CatalogItemFieldsDto {}

/** Payload of `catalog.revise-item.v1`: the fields to change. */
export class ReviseCatalogItemDto extends CatalogItemFieldsDto {
  @IsString()
  @IsNotEmpty()
  id: string;

  /** The revision the administrator read (If-Match, optional); another is CATALOG.REVISION_CONFLICT. */
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number;
}

export class RetireCatalogItemBodyDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'Why the entry is retired' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(500)
  reason?: string;
}

/** Payload of `catalog.retire-item.v1`. */
export class RetireCatalogItemDto extends RetireCatalogItemBodyDto {
  @IsString()
  @IsNotEmpty()
  id: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number;
}

/** Body of `PUT /admin/framework-levels/{level}`: the texts of the level (domain-checked: required, ≤ 2000). */
export class FrameworkLevelTextsDto {
  @ApiProperty({ example: 'Level 4' })
  @IsOptional()
  @IsString()
  name: string;

  @ApiProperty({ example: '第四级' })
  @IsOptional()
  @IsString()
  nameZh: string;

  @ApiProperty({ description: 'Knowledge (知识)' })
  @IsOptional()
  @IsString()
  knowledge: string;

  @ApiProperty({ description: 'Skills (技能)' })
  @IsOptional()
  @IsString()
  skills: string;

  @ApiProperty({ description: 'Competence (能力)' })
  @IsOptional()
  @IsString()
  competence: string;
}

/** Payload of `catalog.put-framework-level.v1`. */
export class PutFrameworkLevelDto extends FrameworkLevelTextsDto {
  @IsNumber()
  level: number;
}

/** Answer of a write on a catalogue entry. */
export class CatalogItemRevisionResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Revision of the entry after the write (0 = as published); also the ETag' })
  revision: number;

  @ApiProperty({ enum: ['published', 'retired'] })
  status: 'published' | 'retired';
}
