import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, Matches, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CATALOG_CATEGORY_CODES, CatalogCategoryCode } from '../catalog/catalog.codes';
import { IsCalendarDate, NotTogetherWith, trimmed, UUID_TEXT } from './ledger-validators';
import { CustomAchievementDto } from './store-achievement.dto';

const givenField = (field: string) => (o: object) => (o as Record<string, unknown>)[field] !== undefined;

/**
 * 修改: any subset of the fields of StoreAchievementDto. Required fields may be changed but not
 * cleared (null is refused); optional text fields are cleared with null. `catalogItemId` and
 * `custom` switch the source and are not given together. Only fields that really change are
 * recorded; a body with no field at all is refused (LEDGER.AMENDMENT_EMPTY).
 */
export class AmendAchievementDto {
  @ApiPropertyOptional({ enum: CATALOG_CATEGORY_CODES })
  @ValidateIf(givenField('category'))
  @IsIn(CATALOG_CATEGORY_CODES)
  category?: CatalogCategoryCode;

  @ApiPropertyOptional({ format: 'uuid', description: 'Re-point to this catalogue entry (the achievement becomes a catalogue one)' })
  @ValidateIf(givenField('catalogItemId'))
  @NotTogetherWith('custom')
  @IsString()
  @Matches(UUID_TEXT, { message: 'catalogItemId must be a catalogue entry id (UUID)' })
  catalogItemId?: string;

  @ApiPropertyOptional({ type: CustomAchievementDto, description: 'Replace with hand-entered data (the achievement becomes a custom one)' })
  @ValidateIf(givenField('custom'))
  @IsObject()
  @ValidateNested()
  @Type(() => CustomAchievementDto)
  custom?: CustomAchievementDto;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(givenField('certificateNumber'))
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  certificateNumber?: string;

  @ApiPropertyOptional({ format: 'date', example: '2024-06-30' })
  @ValidateIf(givenField('issueDate'))
  @IsString()
  @IsCalendarDate()
  issueDate?: string;

  @ApiPropertyOptional({ maxLength: 50, nullable: true, example: '2', description: 'Certificate level (证书等级), a code of GET /reference/certificate-levels; null clears it (not for a vocational qualification)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(50)
  certificateLevel?: string | null;

  @ApiPropertyOptional({ maxLength: 100, nullable: true, description: 'Occupation / trade (职业(工种)); null clears it (not for a vocational qualification)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(100)
  occupation?: string | null;

  @ApiPropertyOptional({ maxLength: 50, nullable: true, example: '61', description: 'Education level (文化程度), a GB/T 4658 code of GET /reference/education-levels; null clears it (not for a vocational qualification)' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(50)
  educationLevel?: string | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Another uploaded evidence file of yours; the previous one is released' })
  @ValidateIf(givenField('evidenceId'))
  @IsString()
  @Matches(UUID_TEXT, { message: 'evidenceId must be an evidence id (UUID)' })
  evidenceId?: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string | null;
}

/** Payload of `ledger.amend-achievement.v1`: the fields plus which achievement and the If-Match revision. */
export class AmendAchievementMessageDto extends AmendAchievementDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;

  @ApiProperty({ minimum: 0, description: 'The revision the client last read (If-Match)' })
  @IsInt()
  @Min(0)
  expectedRevision: number;
}
