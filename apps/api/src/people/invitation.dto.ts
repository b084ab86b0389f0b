import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, Role, ROLES } from '@app/auth';
import { SingleLine } from '../http/single-line.decorator';
import { EMAIL_SHAPE } from './session.dto';

export class CreateInvitationDto {
  @ApiProperty({ example: 'rosa.diaz@example.com', description: 'The email the new user signs in with (unique, compared without case)' })
  @IsString()
  @Length(3, 254)
  @Matches(EMAIL_SHAPE, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'Rosa Díaz' })
  @IsString()
  @Length(1, 200)
  @SingleLine()
  name: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['author'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty({ description: 'Link to give the invitee: <CCM_PUBLIC_URL>/studio/accept-invite?token=<token>. Shown once; single use.' })
  inviteUrl: string;
  @ApiProperty() expiresAt: Date;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token of the invitation link' })
  @IsString()
  @Length(1, 200)
  token: string;

  @ApiProperty({ example: 'Rosa Díaz' })
  @IsString()
  @Length(1, 200)
  @SingleLine()
  name: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: `At least ${PASSWORD_MIN_LENGTH} characters` })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH * 2)
  password: string;

  @ApiPropertyOptional({
    description: "Only for the first admin's invitation (which names no email): the email to sign in with; without it, admin@<host of CCM_PUBLIC_URL>. Ignored for other invitations.",
  })
  @IsOptional()
  @IsString()
  @Length(3, 254)
  @Matches(EMAIL_SHAPE, { message: 'email must be an email address' })
  email?: string;
}
