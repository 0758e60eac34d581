import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CATALOG_CATEGORY_CODES, CATALOG_TYPE_CODES, CatalogCategoryCode, CatalogTypeCode } from '../catalog/catalog.codes';
import { PageQueryDto } from '../pagination.dto';
import { trimmed } from './ledger-validators';

/** 认定成果管理: filters of the learner's own list (page from 1, pageSize 1..100, default 20). */
export class ListAchievementsDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, example: '计算机', description: 'Case-insensitive substring of the achievement name (成果名称)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CATALOG_CATEGORY_CODES, description: 'Category (成果大类)' })
  @IsOptional()
  @IsIn(CATALOG_CATEGORY_CODES)
  category?: CatalogCategoryCode;

  @ApiPropertyOptional({ enum: CATALOG_TYPE_CODES, description: 'Type (成果类型)' })
  @IsOptional()
  @IsIn(CATALOG_TYPE_CODES)
  type?: CatalogTypeCode;
}
