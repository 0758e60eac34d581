import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CATALOG_CATEGORY_CODES, CATALOG_TYPE_CODES, CatalogCategoryCode, CatalogTypeCode } from '../catalog/catalog.codes';
import { AtLeastOneOf, ExactlyOneOf, IsCalendarDate, trimmed, UUID_TEXT } from './ledger-validators';

/** An achievement the catalogue does not list, entered by hand (如果未查找到成果，请点击这里来输入成果). */
@AtLeastOneOf('institutionId', 'institutionName')
export class CustomAchievementDto {
  @ApiProperty({ maxLength: 200, example: '社区志愿服务培训', description: 'Achievement / certificate name (成果名称 / 证书名称)' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The issuing or assessing institution picked from the directory (GET /qualification-institutions): its reviewers receive the recognition request. ' +
      'Give this or institutionName; with it, the directory’s name is used',
  })
  @ValidateIf((o: CustomAchievementDto) => o.institutionId !== undefined || o.institutionName === undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  institutionId?: string;

  @ApiPropertyOptional({
    maxLength: 200,
    example: '广州市志愿者协会',
    description: 'An institution not in the directory, by name (职业技能鉴定机构名称): the request goes to 管理中心, who assigns it to an institution or returns it',
  })
  @ValidateIf((o: CustomAchievementDto) => o.institutionId === undefined || o.institutionName !== undefined)
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  institutionName?: string;

  @ApiProperty({ enum: CATALOG_TYPE_CODES, description: 'Achievement type (成果类型); must be one of the category’s types' })
  @IsIn(CATALOG_TYPE_CODES)
  type: CatalogTypeCode;
}

/**
 * 成果添加: store an achievement. Either `catalogItemId` (an entry of the catalogue, whose
 * category must be `category`) or `custom` (entered by hand) — exactly one of the two.
 */
export class StoreAchievementDto {
  @ApiProperty({ enum: CATALOG_CATEGORY_CODES, description: 'Achievement category (成果分类)' })
  @IsIn(CATALOG_CATEGORY_CODES)
  category: CatalogCategoryCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'Catalogue entry (成果目录); exactly one of catalogItemId and custom' })
  @ValidateIf((o: StoreAchievementDto) => o.catalogItemId !== undefined || o.custom === undefined)
  @ExactlyOneOf('custom')
  @IsString()
  @Matches(UUID_TEXT, { message: 'catalogItemId must be a catalogue entry id (UUID)' })
  catalogItemId?: string;

  @ApiPropertyOptional({ type: CustomAchievementDto, description: 'Hand-entered achievement; exactly one of catalogItemId and custom' })
  @ValidateIf((o: StoreAchievementDto) => o.custom !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => CustomAchievementDto)
  custom?: CustomAchievementDto;

  @ApiProperty({ maxLength: 100, example: 'NCRE-2024-3100-0001', description: 'Certificate number (证书编号)' })
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  certificateNumber: string;

  @ApiProperty({ format: 'date', example: '2024-06-30', description: 'Issue date (发证日期), YYYY-MM-DD, a real day not in the future (China time)' })
  @IsString()
  @IsCalendarDate()
  issueDate: string;

  @ApiPropertyOptional({
    maxLength: 50,
    example: '2',
    description: 'Certificate level (证书等级): a code of GET /reference/certificate-levels (5 五级/初级工 … 1 一级/高级技师); required for `vocational-qualification`',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(50)
  certificateLevel?: string;

  @ApiPropertyOptional({ maxLength: 100, example: '计算机程序设计员', description: 'Occupation / trade (职业(工种)); required for `vocational-qualification`' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  occupation?: string;

  @ApiPropertyOptional({
    maxLength: 50,
    example: '61',
    description: 'Education level (文化程度): a GB/T 4658 code of GET /reference/education-levels (e.g. 60 高中, 40 中职, 47 技工学校毕业); required for `vocational-qualification`',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(50)
  educationLevel?: string;

  @ApiProperty({ format: 'uuid', description: 'Id of the uploaded scan or photo of the original (POST /evidence), your own and not used by another achievement' })
  @IsString()
  @Matches(UUID_TEXT, { message: 'evidenceId must be an evidence id (UUID)' })
  evidenceId: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Free description (成果描述)' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}
