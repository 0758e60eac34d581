import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsISO8601, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';

/**
 * A session is one access token: its `sid` claim (a UUID made at sign-in) and its `rev` claim (the
 * revision of the account's stream when it was issued). The gateway sends both, from a token it
 * verified, with every authenticated request.
 */
export class CheckSessionDto {
  @ApiProperty({ format: 'uuid', description: 'The `sid` claim of the token' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  sessionId: string;

  @ApiProperty({ minimum: 0, description: 'The `rev` claim: account stream revision at sign-in' })
  @IsInt()
  @Min(0)
  revision: number;
}

export const SESSION_REVOCATION_REASONS = ['signed-out', 'credentials-changed', 'account-erased'] as const;
export type SessionRevocationReason = (typeof SESSION_REVOCATION_REASONS)[number];

/** Answer of `identity.check-session.v1`. */
export class SessionCheckResponse {
  @ApiProperty({ description: 'false: signed out, issued before the last password change or reset, or the account was erased' })
  active: boolean;

  @ApiPropertyOptional({ enum: SESSION_REVOCATION_REASONS })
  reason?: SessionRevocationReason;
}

/** Payload of `identity.close-session.v1` (安全退出), from the verified token of the caller. */
export class CloseSessionDto {
  @ApiProperty({ format: 'uuid', description: 'The `sid` claim of the token' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  sessionId: string;

  @ApiProperty({ format: 'date-time', description: 'When the token expires (its `exp` claim)' })
  @IsISO8601({ strict: true })
  expiresAt: string;
}
