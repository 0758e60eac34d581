import { PASSWORD_POLICY_PATTERN } from './register-account.dto';
import { ApiProperty } from '@nestjs/swagger';
import { Length } from 'class-validator';

/** 修改密码 */
export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @Length(1, 128)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: 8, maxLength: 64, pattern: PASSWORD_POLICY_PATTERN, description: '8–64 characters with letters and digits' })
  @Length(8, 64)
  newPassword: string;

  @ApiProperty({ format: 'password', description: 'must equal newPassword' })
  @Length(1, 64)
  newPasswordConfirmation: string;
}
