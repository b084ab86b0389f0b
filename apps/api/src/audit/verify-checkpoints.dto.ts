import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject } from 'class-validator';

export class VerifyCheckpointsDto {
  @ApiProperty({
    description: 'Checkpoints exported earlier (`POST /v1/audit/checkpoints`, `npm run audit:checkpoint`), as they were given out',
    type: 'array',
    items: { type: 'object' },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsObject({ each: true })
  checkpoints: object[];
}
