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

/** An institution account, by id. */
export class InstitutionIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

/** Body of POST /admin/institutions/{id}/approval (may be empty). */
export class ApproveInstitutionDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The qualification institution (资历机构) of the directory to link the account to. Absent: the directory entry whose credit code is the account’s ' +
      '(none: 409 IDENTITY.INSTITUTION_NOT_IN_DIRECTORY)',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  institutionId?: string;
}

/** Payload of `identity.approve-institution.v1`. */
export class ApproveInstitutionMessageDto extends ApproveInstitutionDto {
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

/** The directory institution an institution account's credit code matches, as the administrator sees it before approving. */
export class DirectoryMatchView {
  @ApiProperty({ format: 'uuid', description: 'The qualification institution (资历机构) of the catalogue’s directory with the account’s credit code' }) institutionId: string;
  @ApiProperty({ description: 'Its name in the directory' }) name: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Another account already linked to that institution (approving this one would be refused: two accounts claim one institution); null: none',
  })
  linkedAccountId: string | null;
}

/** An institution account as the administrator sees it. */
export class InstitutionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty({ description: 'Institution name (机构名称) as registered; names of pending and active accounts are unique' }) name: string;
  @ApiProperty({ description: '统一社会信用代码' }) unifiedSocialCreditCode: string;
  @ApiProperty({ description: 'Contact person (联系人)' }) contactName: string;
  @ApiProperty() email: string;
  @ApiProperty() mobile: string;
  @ApiProperty({ enum: INSTITUTION_STATUSES }) status: InstitutionStatus;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the administrator approved or rejected it' }) decidedAt?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The administrator who decided' }) decidedBy?: string;
  @ApiPropertyOptional({ description: 'Why it was rejected' }) rejectionReason?: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The qualification institution (资历机构) of the directory the account is linked to: it reviews for that institution only. null: not linked (pending, rejected, or approved before institutions had ids — approve it again to link it)',
  })
  institutionId: string | null;
  @ApiPropertyOptional({ description: 'The linked institution’s name in the directory (at the time of linking)' }) institutionName?: string;
  @ApiPropertyOptional({
    type: DirectoryMatchView,
    nullable: true,
    description: 'Accounts not linked yet: the directory institution with this credit code (null: none — list it or approve with an institutionId); absent when the catalog could not be asked',
  })
  directoryMatch?: DirectoryMatchView | null;
}

export class InstitutionPage {
  @ApiProperty({ type: [InstitutionView] }) items: InstitutionView[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
