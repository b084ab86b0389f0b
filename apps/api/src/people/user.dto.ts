import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { Role, ROLES } from '@app/auth';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() disabled: boolean;
}

export class UserListDto {
  @ApiProperty({ type: UserDto, isArray: true }) items: UserDto[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'The roles the user holds from their next request on' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ description: 'true ends the user’s sessions at once and refuses their sign-ins and API keys until set back to false' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}
