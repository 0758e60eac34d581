import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, MaxLength, Min } from 'class-validator';
import { UUID_TEXT } from './ledger-validators';

/**
 * Payload of `ledger.register-evidence.v1`, sent by the gateway after it stored the uploaded bytes
 * in the blob store under `evidenceId`. The ledger recognises the type from `head` (the file's
 * first bytes) with its own magic-byte rules, and refuses anything but jpg, png, gif and pdf, or
 * more than 10 MiB; the gateway then deletes the blob.
 */
export class RegisterEvidenceDto {
  @ApiProperty({ format: 'uuid', description: 'Server-made id; also the blob-store key' })
  @IsString()
  @Matches(UUID_TEXT, { message: 'evidenceId must be a lower-case UUID' })
  evidenceId: string;

  @ApiProperty({ description: 'Lower-case hex SHA-256 of the stored bytes', example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex digits' })
  sha256: string;

  @ApiProperty({ description: 'Size in bytes', minimum: 0 })
  @IsInt()
  @Min(0)
  size: number;

  @ApiProperty({ description: 'Base64 of the first (at most 16) bytes of the file, for type recognition' })
  @IsString()
  @Matches(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'head must be base64' })
  @MaxLength(24)
  head: string;
}

/** Payload of `ledger.get-evidence.v1`. */
export class EvidenceIdDto {
  @ApiProperty({ format: 'uuid' })
  @IsString()
  @MaxLength(64)
  evidenceId: string;
}
