import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../pagination.dto';
import { CATALOG_CATEGORY_CODES, CATALOG_TYPE_CODES, CatalogCategoryCode, CatalogTypeCode } from './catalog.codes';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** 成果选择: search of the achievement catalogue, with paging (`page` from 1, `pageSize` 1..100, default 20). */
export class SearchCatalogItemsDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Keyword: case-insensitive substring of the achievement name (成果名称), project name (项目名称) or institution name (资历机构名称)',
    example: '计算机',
    maxLength: 100,
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: CATALOG_CATEGORY_CODES, description: 'Achievement category (成果分类)' })
  @IsOptional()
  @IsIn(CATALOG_CATEGORY_CODES)
  category?: CatalogCategoryCode;

  @ApiPropertyOptional({ enum: CATALOG_TYPE_CODES, description: 'Achievement type (成果类型); with `category`, it must be one of its types' })
  @IsOptional()
  @IsIn(CATALOG_TYPE_CODES)
  type?: CatalogTypeCode;

  @ApiPropertyOptional({ minimum: 1, maximum: 7, description: 'Level of the qualifications framework (资历框架等级)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(7)
  level?: number;
}
