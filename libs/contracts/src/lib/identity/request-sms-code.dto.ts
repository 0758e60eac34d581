import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';

export const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;
export const SMS_CODE_PURPOSES = ['register', 'reset-password', 'login', 'change-mobile', 'erase-account'] as const;
export type SmsCodePurposeValue = (typeof SMS_CODE_PURPOSES)[number];

/** 获取验证码: asks for a 6-digit code by SMS. */
export class RequestSmsCodeDto {
  @ApiProperty({ description: 'Mainland mobile number, 11 digits (手机号码)', example: '13912345678', pattern: MAINLAND_MOBILE.source })
  @Matches(MAINLAND_MOBILE, { message: 'mobile must be a mainland mobile number of 11 digits' })
  mobile: string;

  @ApiProperty({ enum: SMS_CODE_PURPOSES, example: 'register', description: 'What the code will be used for' })
  @IsIn(SMS_CODE_PURPOSES)
  purpose: SmsCodePurposeValue;
}
