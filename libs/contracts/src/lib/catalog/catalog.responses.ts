import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CATALOG_CATEGORY_CODES, CATALOG_TYPE_CODES, CatalogCategoryCode, CatalogTypeCode } from './catalog.codes';

/** An entry of the achievement catalogue (成果目录). */
export class CatalogItemView {
  @ApiProperty({ format: 'uuid', description: 'Stable id (entries seeded from the same key keep their id)' })
  id: string;

  @ApiProperty({ enum: CATALOG_CATEGORY_CODES, description: 'Achievement category (成果分类)' })
  category: CatalogCategoryCode;

  @ApiProperty({ example: '职业资格证书成果', description: 'Chinese label of the category' })
  categoryName: string;

  @ApiProperty({ enum: CATALOG_TYPE_CODES, description: 'Achievement type (成果类型)' })
  type: CatalogTypeCode;

  @ApiProperty({ example: '国家及省级统一考试证书', description: 'Chinese label of the type' })
  typeName: string;

  @ApiProperty({ example: '全国计算机等级考试', description: 'Project name (项目名称)' })
  projectName: string;

  @ApiProperty({ example: '全国计算机等级考试二级及以上证书', description: 'Achievement name (成果名称)' })
  achievementName: string;

  @ApiProperty({ format: 'uuid', description: 'The qualification institution (资历机构) in the directory: who reviews recognition requests for this entry' })
  institutionId: string;

  @ApiProperty({ example: '教育部考试中心', description: 'Qualification institution (资历机构名称), as the directory names it' })
  institutionName: string;

  @ApiProperty({ minimum: 1, maximum: 7, example: 3, description: 'Level of the Guangdong lifelong-education qualifications framework' })
  frameworkLevel: number;

  @ApiProperty({ example: 4, description: 'Credit value (学分), > 0 and ≤ 60, at most one decimal' })
  credits: number;

  @ApiProperty({
    description:
      'true: illustrative sample data made up for this system, NOT an entry of the official catalogue (levels and credits included). ' +
      'false: taken from the credit bank user guide (the four computer-exam certificates); their levels and credits are still illustrative.',
  })
  sample: boolean;

  @ApiProperty({
    enum: ['published', 'retired'],
    description: 'retired: withdrawn by the administrator; no longer found by the search nor usable by a new achievement, but still readable by id',
  })
  status: 'published' | 'retired';

  @ApiPropertyOptional({ description: 'Revision of the entry (0 = as published); the If-Match of an admin revision' })
  revision?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the entry was retired' })
  retiredAt?: string;
}

export class CatalogItemsPage {
  @ApiProperty({ type: [CatalogItemView] })
  items: CatalogItemView[];

  @ApiProperty({ description: 'Number of entries matching the filters (all pages)' })
  total: number;

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 20 })
  pageSize: number;
}

/** A level of the Guangdong lifelong-education qualifications framework (广东终身教育资历框架, 2017). */
export class FrameworkLevelView {
  @ApiProperty({ minimum: 1, maximum: 7 })
  level: number;

  @ApiProperty({ example: 'Level 1' })
  name: string;

  @ApiProperty({ example: '第一级' })
  nameZh: string;

  @ApiProperty({ description: 'Knowledge (知识)' })
  knowledge: string;

  @ApiProperty({ description: 'Skills (技能)' })
  skills: string;

  @ApiProperty({ description: 'Competence (能力)' })
  competence: string;
}

export class FrameworkLevelsResponse {
  @ApiProperty({ type: [FrameworkLevelView], description: 'Ordered by level' })
  items: FrameworkLevelView[];
}

export class CatalogTypeView {
  @ApiProperty({ enum: CATALOG_TYPE_CODES })
  code: CatalogTypeCode;

  @ApiProperty({ example: '职业技能等级证书' })
  name: string;
}

export class CatalogCategoryView {
  @ApiProperty({ enum: CATALOG_CATEGORY_CODES })
  code: CatalogCategoryCode;

  @ApiProperty({ example: '职业资格证书成果' })
  name: string;

  @ApiProperty({ type: [CatalogTypeView] })
  types: CatalogTypeView[];
}

export class CatalogCategoriesResponse {
  @ApiProperty({ type: [CatalogCategoryView] })
  items: CatalogCategoryView[];
}

export interface CatalogHealth {
  status: 'up' | 'down';
  details: Record<string, unknown>;
}
