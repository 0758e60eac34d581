import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { MAINLAND_MOBILE } from './request-sms-code.dto';

/** 更换手机号: codes (purpose `change-mobile`) sent to the current and to the new number. */
export class ChangeMobileDto {
  @ApiProperty({ example: '13700001111', pattern: MAINLAND_MOBILE.source, description: 'The new mobile number (mainland, 11 digits)' })
  @Matches(MAINLAND_MOBILE, { message: 'newMobile must be a mainland mobile number of 11 digits' })
  newMobile: string;

  @ApiProperty({ example: '123456', pattern: '^\\d{6}$', description: '验证码 sent to the current mobile with purpose `change-mobile`' })
  @Matches(/^\d{6}$/, { message: 'smsCodeOld must be 6 digits' })
  smsCodeOld: string;

  @ApiProperty({ example: '654321', pattern: '^\\d{6}$', description: '验证码 sent to the new mobile with purpose `change-mobile`' })
  @Matches(/^\d{6}$/, { message: 'smsCodeNew must be 6 digits' })
  smsCodeNew: string;
}
