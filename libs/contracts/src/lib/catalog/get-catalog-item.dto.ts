import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

/** Payload of `catalog.get-item.v1`. An id that names no entry (malformed or unknown) is CATALOG.ITEM_NOT_FOUND. */
export class GetCatalogItemDto {
  @ApiProperty({ format: 'uuid', description: 'Id of the catalogue entry' })
  @IsString()
  @IsNotEmpty()
  id: string;
}
