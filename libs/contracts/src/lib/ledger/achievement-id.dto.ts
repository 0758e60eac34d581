import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';

/** Payload of `ledger.get-achievement.v1` and `ledger.request-recognition.v1`. */
export class AchievementIdDto {
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id: string;
}

/** Payload of `ledger.withdraw-achievement.v1`; `expectedRevision` only when the client sent If-Match. */
export class WithdrawAchievementMessageDto extends AchievementIdDto {
  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedRevision?: number;
}
