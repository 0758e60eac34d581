import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SmsCodeRequestedResponse {
  @ApiProperty({ example: 300, description: 'The code expires after this many seconds' })
  expiresInSeconds: number;

  @ApiProperty({ example: 60, description: 'A new code may be requested after this many seconds' })
  resendAfterSeconds: number;
}

export class AccountCreatedResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ['active', 'pending-approval'], description: 'Institutions wait for approval' })
  status: 'active' | 'pending-approval';
}

export class SessionResponse {
  @ApiProperty({ description: 'JWT (HS256); `sub` is the account id, `role` learner, institution or admin' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expiresIn: number;
}

/** 联系地址 as registered: names with their GB/T 2260 codes (null codes: registered before the lists). */
export class AccountAddressView {
  @ApiProperty({ example: '广东省' }) province: string;
  @ApiProperty({ nullable: true, type: String, example: '440000' }) provinceCode: string | null;
  @ApiProperty({ nullable: true, type: String, example: '广州市', description: 'null where the province has no cities (香港, 澳门, 台湾)' }) city: string | null;
  @ApiProperty({ nullable: true, type: String, example: '440100' }) cityCode: string | null;
  @ApiProperty({ nullable: true, type: String, example: '天河区', description: 'null where the city has no districts (东莞市, 中山市…)' }) district: string | null;
  @ApiProperty({ nullable: true, type: String, example: '440106' }) districtCode: string | null;
  @ApiProperty() detail: string;
}

/** The signed-in account as GET /me shows it: never a password hash; the ID number masked. */
export class MeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['individual', 'institution', 'administrator'] }) type: 'individual' | 'institution' | 'administrator';
  @ApiProperty({ enum: ['learner', 'institution', 'admin'] }) role: 'learner' | 'institution' | 'admin';
  @ApiProperty({
    enum: ['active', 'pending-approval', 'rejected'],
    description: 'Institutions start pending-approval (待审核) and become active or rejected by the administrator (机构审核)',
  })
  status: 'active' | 'pending-approval' | 'rejected';
  @ApiProperty() username: string;
  @ApiPropertyOptional({ description: 'Absent for the administrator' }) email?: string;
  @ApiPropertyOptional({ description: 'Absent for the administrator' }) mobile?: string;
  @ApiProperty({ format: 'date-time' }) registeredAt: string;
  @ApiPropertyOptional({ format: 'date-time' }) passwordChangedAt?: string;
  // Individuals
  @ApiPropertyOptional() realName?: string;
  @ApiPropertyOptional({ example: '中国', description: '国籍 as registered' }) nationality?: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'CN', description: 'GB/T 2659 alpha-2 code; null if registered before the lists' }) nationalityCode?: string | null;
  @ApiPropertyOptional({ example: '汉族', description: '民族 as registered' }) ethnicity?: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '01', description: 'GB/T 3304 code; null if registered before the lists' }) ethnicityCode?: string | null;
  @ApiPropertyOptional({ enum: ['male', 'female'] }) gender?: 'male' | 'female';
  @ApiPropertyOptional() idType?: string;
  @ApiPropertyOptional({ example: '110105********002X', description: 'Masked: the first 6 and last 4 characters' }) idNumber?: string;
  @ApiPropertyOptional({ format: 'date' }) birthDate?: string;
  @ApiPropertyOptional({ type: AccountAddressView }) address?: AccountAddressView;
  // Institutions
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() unifiedSocialCreditCode?: string;
  @ApiPropertyOptional() contactName?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'Institutions: when the administrator approved or rejected it' }) decidedAt?: string;
  @ApiPropertyOptional({ description: 'Institutions: why the administrator rejected it' }) rejectionReason?: string;
}

export interface IdentityHealth {
  status: 'up' | 'down';
  details: Record<string, unknown>;
}
