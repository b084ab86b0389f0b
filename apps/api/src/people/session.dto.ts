import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { PASSWORD_MAX_LENGTH, Role, ROLES } from '@app/auth';

/** A loose shape check: the sign-in compares emails as stored, and `admin@localhost` must pass. */
export const EMAIL_SHAPE = /^[^@\s<>]+@[^@\s<>]+$/;

export class LogInDto {
  @ApiProperty({ example: 'rosa.diaz@example.com' })
  @IsString()
  @Length(3, 254)
  @Matches(EMAIL_SHAPE, { message: 'email must be an email address' })
  email: string;

  @ApiProperty({ example: 'correct horse battery staple', format: 'password' })
  @IsString()
  @Length(1, PASSWORD_MAX_LENGTH * 4)
  password: string;
}

export class SessionUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: "The person versions name as author and approver (a version's `author`)" }) identityId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
}

export class SessionDto {
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
  @ApiProperty({ description: 'Send it back as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE made with the session cookie (also in the ccm_csrf cookie)' })
  csrfToken: string;
}
