import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { AddressDto } from './register-account.dto';

/**
 * PATCH /me: the profile fields that may change; absent ones stay. Username, names, ID document
 * and birth date are fixed at registration; the mobile changes with PUT /me/mobile (SMS codes).
 */
export class EditProfileDto {
  @ApiPropertyOptional({ example: 'li.si@example.com', description: '电子邮箱 (individuals and institutions); unique, matched without regard to case' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ type: AddressDto, description: '联系地址, the whole address (individuals only)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}
