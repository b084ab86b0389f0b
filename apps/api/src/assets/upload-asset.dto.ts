import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import { ASSET_CONTENT_TYPES } from '@app/contracts';

/**
 * One brand asset file. Only the shape is checked here; the asset rules
 * (name, type, size, the bytes really being that type, SVG safety) report each
 * problem by JSON pointer.
 */
export class UploadAssetDto {
  @ApiProperty({ example: 'logo', description: 'Inlined as {{asset "logo"}}; lowercase letters, digits and single hyphens. A name uploaded again gets a new version.' })
  @IsString()
  name: string;

  @ApiProperty({ enum: ASSET_CONTENT_TYPES, example: 'image/png' })
  @IsString()
  contentType: string;

  @ApiProperty({ description: 'The file, base64-encoded (at most 256 KB decoded)', example: 'PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=' })
  @IsString()
  data: string;
}
