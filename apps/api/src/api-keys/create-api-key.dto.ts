import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { Role, ROLES } from '@app/auth';

export class KeyPersonDto {
  @ApiProperty({ example: 'rosa.diaz@example.com', description: 'Identifies the person: every key issued to this email is the same person' })
  @IsEmail()
  @Length(3, 254)
  email: string;

  @ApiProperty({ example: 'Rosa Díaz' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class KeyMachineDto {
  @ApiProperty({ example: 'billing-system-prod', description: 'Identifies the machine; machines never approve' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class CreateApiKeyDto {
  @ApiProperty({ example: 'laptop', description: 'What this key is for, to tell a holder’s keys apart' })
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

  @ApiPropertyOptional({ type: KeyPersonDto, description: 'The person the key belongs to (exactly one of person and machine)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => KeyPersonDto)
  person?: KeyPersonDto;

  @ApiPropertyOptional({ type: KeyMachineDto, description: 'The machine the key belongs to (exactly one of person and machine)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => KeyMachineDto)
  machine?: KeyMachineDto;
}

export class IdentityDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['person', 'machine'] }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
}

export class IssuedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ type: IdentityDto }) identity: IdentityDto;
  @ApiProperty({ description: 'The key itself. Shown once: only its hash is stored.' }) key: string;
  @ApiProperty() createdAt: Date;
}
