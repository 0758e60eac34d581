import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, Length, Matches, MaxLength } from 'class-validator';

/**
 * 注销账户 (DELETE /me): the learner erases their own account with the password and a code sent to
 * the account's mobile with purpose `erase-account`.
 */
export class EraseAccountDto {
  @ApiProperty({ format: 'password', minLength: 1, maxLength: 128, description: 'The account’s password' })
  @Length(1, 128)
  password: string;

  @ApiProperty({ example: '123456', pattern: '^\\d{6}$', description: '验证码 sent to the account’s mobile with purpose `erase-account`' })
  @Matches(/^\d{6}$/, { message: 'smsCode must be 6 digits' })
  smsCode: string;
}

/** Body of POST /admin/accounts/{id}/erasure: the administrator records the request it acts on. */
export class EraseAccountByAdministratorDto {
  @ApiProperty({ minLength: 1, maxLength: 500, example: '本人书面申请注销（来函 2025-017）', description: 'The request the erasure answers (who asked, how); kept in the event' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason: string;
}

/** Payload of `identity.erase-account-by-administrator.v1`. */
export class EraseAccountByAdministratorMessageDto extends EraseAccountByAdministratorDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

/** The administrator's receipt of an erasure (the first one, when asked again). */
export class AccountErasureReceipt {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: ['erased'] }) status: 'erased';
  @ApiProperty({ enum: ['self', 'administrator'], description: 'Who asked: the learner, or the administrator on a recorded request' }) requestedBy: 'self' | 'administrator';
  @ApiProperty({ format: 'uuid', description: 'The account that erased it' }) erasedBy: string;
  @ApiProperty({ type: String, nullable: true, description: 'The administrator’s record of the request; null when the learner erased' }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) erasedAt: string;
}
