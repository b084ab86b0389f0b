import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length } from 'class-validator';
import { Role, ROLES } from '@app/auth';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'billing-system-prod', description: 'Who or what uses the key' })
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['billing'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}

export class IssuedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ description: 'The key itself. Shown once: only its hash is stored.' }) key: string;
  @ApiProperty() createdAt: Date;
}
