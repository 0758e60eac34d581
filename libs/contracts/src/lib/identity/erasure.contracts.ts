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

/** The format marker of GET /me/export; a later shape gets a new version. */
export const PERSONAL_DATA_EXPORT_FORMAT = 'credit-bank.personal-data-export.v1';

/** One event of the account's own history, as kept (password hashes left out: they are one-way and no use to anyone). */
export class AccountHistoryEntry {
  @ApiProperty({ description: 'The event type, e.g. AccountRegistered, MobileChanged, SignedOut, PasswordChanged' }) type: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ description: 'The account stream revision' }) revision: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event`s data as stored, unsealed, without password hashes' }) data: Record<string, unknown>;
}

/** What the identity service holds about the caller (`identity.export-personal-data.v1`). */
export class IdentityPersonalData {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The account and profile as it is now: username, real name, 国籍, 民族, gender, ID type and the full ID number, birth date, email, mobile, address; an institution`s name, credit code, contact, status and linked directory institution',
  })
  account: Record<string, unknown>;
  @ApiProperty({ type: [AccountHistoryEntry], description: 'Every event of the account`s stream, oldest first (registration, changes of mobile, email, address and password, sign-outs, decisions on an institution)' })
  history: AccountHistoryEntry[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Sessions: the revision of the last password change and the signed-out tokens not yet expired; null when none ended. A sign-in leaves no record of its own.',
  })
  sessions: Record<string, unknown> | null;
}
