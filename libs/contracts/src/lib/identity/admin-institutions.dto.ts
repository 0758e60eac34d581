import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../pagination.dto';

export const INSTITUTION_STATUSES = ['pending-approval', 'active', 'rejected'] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

/** 机构审核: the administrator's list of institutions, oldest registration first. */
export class ListInstitutionsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INSTITUTION_STATUSES, description: 'pending-approval (待审核), active (已通过) or rejected (未通过); absent: all' })
  @IsOptional()
  @IsIn(INSTITUTION_STATUSES)
  status?: InstitutionStatus;
}

/** Payload of `identity.approve-institution.v1`. */
export class InstitutionIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

/** Body of POST /admin/institutions/{id}/rejection. */
export class RejectInstitutionDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: '统一社会信用代码与营业执照不符', description: 'Why the institution is not approved (驳回原因); the institution sees it in /me' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

/** Payload of `identity.reject-institution.v1`. */
export class RejectInstitutionMessageDto extends RejectInstitutionDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

/** An institution account as the administrator sees it. */
export class InstitutionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ description: 'Institution name (机构名称): what catalogue entries name as the responsible institution' }) name: string;
  @ApiProperty({ description: '统一社会信用代码' }) unifiedSocialCreditCode: string;
  @ApiProperty({ description: 'Contact person (联系人)' }) contactName: string;
  @ApiProperty() email: string;
  @ApiProperty() mobile: string;
  @ApiProperty({ enum: INSTITUTION_STATUSES }) status: InstitutionStatus;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the administrator approved or rejected it' }) decidedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The administrator who decided' }) decidedBy?: string;
  @ApiPropertyOptional({ description: 'Why it was rejected' }) rejectionReason?: string;
}

export class InstitutionPage {
  @ApiProperty({ type: [InstitutionView] }) items: InstitutionView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
