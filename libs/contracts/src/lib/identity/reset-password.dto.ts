import { PASSWORD_POLICY_PATTERN } from './register-account.dto';
import { ApiProperty } from '@nestjs/swagger';
import { Length, Matches } from 'class-validator';
import { MAINLAND_MOBILE } from './request-sms-code.dto';

/** 忘记密码: a new password with a code sent to the account's mobile (purpose `reset-password`). */
export class ResetPasswordDto {
  @ApiProperty({ example: '13912345678', pattern: MAINLAND_MOBILE.source, description: 'The mobile number of the account (手机号码)' })
  @Matches(MAINLAND_MOBILE, { message: 'mobile must be a mainland mobile number of 11 digits' })
  mobile: string;

  @ApiProperty({ example: '123456', pattern: '^\\d{6}$', description: '验证码 sent to that mobile with purpose `reset-password`' })
  @Matches(/^\d{6}$/, { message: 'smsCode must be 6 digits' })
  smsCode: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 64, pattern: PASSWORD_POLICY_PATTERN, description: '8–64 characters with letters and digits' })
  @Length(8, 64)
  newPassword: string;

  @ApiProperty({ format: 'password', description: 'must equal newPassword' })
  @Length(1, 64)
  newPasswordConfirmation: string;
}
