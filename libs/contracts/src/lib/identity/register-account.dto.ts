import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MAINLAND_MOBILE } from './request-sms-code.dto';

export const USERNAME_SHAPE = /^[A-Za-z0-9_]{4,32}$/;
export const GENDER_VALUES = ['male', 'female'] as const;
export const ID_TYPE_VALUES = ['resident-id-card', 'passport', 'hk-macao-permit', 'taiwan-permit'] as const;
export const ACCOUNT_TYPES = ['individual', 'institution'] as const;
export type AccountTypeValue = (typeof ACCOUNT_TYPES)[number];


/**
 * The password policy as a pattern for the OpenAPI document (the identity service checks it:
 * 8–64 characters, at least one ASCII letter and one digit).
 */
export const PASSWORD_POLICY_PATTERN = '^(?:[\\s\\S]*[A-Za-z][\\s\\S]*[0-9]|[\\s\\S]*[0-9][\\s\\S]*[A-Za-z])[\\s\\S]*$';

/**
 * The shapes only: the identity domain checks the rest (check digits, the birth date inside a
 * resident ID number, the password policy and confirmation, accepted terms, all-digit usernames,
 * the codes of 国籍, 民族 and the address against their national standards).
 */
export class AddressDto {
  @ApiProperty({ example: '440000', description: '省: GB/T 2260 code of a province (GET /reference/regions)' })
  @Length(1, 50)
  province: string;

  @ApiPropertyOptional({ example: '440100', description: '市: GB/T 2260 code of a city of the province (GET /reference/regions?parent=<province>); empty or left out where the province has none (香港, 澳门, 台湾)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  city?: string;

  @ApiPropertyOptional({ example: '440106', description: '区/县: GB/T 2260 code of a district of the city (GET /reference/regions?parent=<city>); empty or left out where the city has none (东莞市, 中山市…)' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  district?: string;

  @ApiProperty({ example: '中山大道西 55 号', description: '详细地址' })
  @Length(1, 200)
  detail: string;
}

abstract class RegistrationBase {
  @ApiProperty({ example: 'li_si_2024', description: '用户名: 4–32 letters, digits or underscores, not all digits', pattern: USERNAME_SHAPE.source })
  @Matches(USERNAME_SHAPE, { message: 'username must be 4 to 32 letters, digits or underscores' })
  username: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 64, pattern: PASSWORD_POLICY_PATTERN, description: '密码: 8–64 characters with letters and digits' })
  @Length(8, 64)
  password: string;

  @ApiProperty({ format: 'password', description: '确认密码: must equal password' })
  @Length(1, 64)
  passwordConfirmation: string;

  @ApiProperty({ example: 'li.si@example.com', description: '电子邮箱' })
  @IsEmail()
  email: string;

  @ApiProperty({ example: '13912345678', pattern: MAINLAND_MOBILE.source, description: '手机号码 (mainland, 11 digits)' })
  @Matches(MAINLAND_MOBILE, { message: 'mobile must be a mainland mobile number of 11 digits' })
  mobile: string;

  @ApiProperty({ example: '123456', pattern: '^\\d{6}$', description: '验证码 sent to the mobile with purpose `register`' })
  @Matches(/^\d{6}$/, { message: 'smsCode must be 6 digits' })
  smsCode: string;

  @ApiProperty({ example: true, description: '已阅读并同意服务条款: must be true' })
  @IsBoolean()
  acceptTerms: boolean;
}

/** 个人用户注册 */
export class RegisterIndividualDto extends RegistrationBase {
  @ApiProperty({ enum: ['individual'], example: 'individual' })
  @IsIn(['individual'])
  type: 'individual';

  @ApiProperty({ example: '李四', description: '真实姓名' })
  @Length(1, 50)
  realName: string;

  @ApiProperty({ example: 'CN', description: '国籍: GB/T 2659 code, alpha-2 (CN) or alpha-3 (CHN), see GET /reference/countries; stored as alpha-2 with its name' })
  @Length(1, 50)
  nationality: string;

  @ApiProperty({ example: '01', description: '民族: GB/T 3304 code (01 汉族 … 56 基诺族, 97 其他, 98 外国血统中国籍人士), see GET /reference/ethnicities' })
  @Length(1, 50)
  ethnicity: string;

  @ApiProperty({ enum: GENDER_VALUES, description: '性别' })
  @IsIn(GENDER_VALUES)
  gender: (typeof GENDER_VALUES)[number];

  @ApiProperty({ enum: ID_TYPE_VALUES, example: 'resident-id-card', description: '证件类型' })
  @IsIn(ID_TYPE_VALUES)
  idType: (typeof ID_TYPE_VALUES)[number];

  @ApiProperty({ example: '11010519491231002X', description: '证件号码; a resident ID card number has 18 characters with the GB 11643 check digit' })
  @Length(1, 32)
  idNumber: string;

  @ApiProperty({ example: '1949-12-31', format: 'date', description: '出生日期 (YYYY-MM-DD); equals the date inside a resident ID number' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'birthDate must be a date YYYY-MM-DD' })
  birthDate: string;

  @ApiProperty({ type: AddressDto, description: '联系地址' })
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address: AddressDto;
}

/** 专业机构注册: the account waits for the administrator's approval. */
export class RegisterInstitutionDto extends RegistrationBase {
  @ApiProperty({ enum: ['institution'], example: 'institution' })
  @IsIn(['institution'])
  type: 'institution';

  @ApiProperty({ example: '广东省考试中心', description: '机构名称' })
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '91440101MA59TQR7XH', description: '统一社会信用代码: 18 characters with the GB 32100 check character' })
  @Length(18, 18)
  unifiedSocialCreditCode: string;

  @ApiProperty({ example: '王五', description: '联系人' })
  @Length(1, 50)
  contactName: string;
}

export type RegisterAccountDto = RegisterIndividualDto | RegisterInstitutionDto;

/** The DTO class for a registration's `type`, or undefined for an unknown type. */
export function registrationDtoFor(type: unknown): typeof RegisterIndividualDto | typeof RegisterInstitutionDto | undefined {
  if (type === 'individual') return RegisterIndividualDto;
  if (type === 'institution') return RegisterInstitutionDto;
  return undefined;
}

/** The field error for a registration whose `type` is neither `individual` nor `institution`. */
export const UNKNOWN_ACCOUNT_TYPE_ERROR = {
  field: 'type',
  code: 'isIn',
  message: `type must be one of the following values: ${ACCOUNT_TYPES.join(', ')}`,
  params: { values: ACCOUNT_TYPES.join(', ') },
} as const;
