import { ApiProperty } from '@nestjs/swagger';
import { Length } from 'class-validator';

/** 登录: username, mobile number or email, and the password. */
export class OpenSessionDto {
  @ApiProperty({ example: 'li_si_2024', description: '用户名, 手机号 or 邮箱' })
  @Length(1, 254)
  identifier: string;

  @ApiProperty({ format: 'password' })
  @Length(1, 128)
  password: string;
}
