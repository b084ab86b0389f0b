import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AcceptInvitationUseCase, InviteUserUseCase, IssuedInvitation, Principal, SignedIn } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import { Public, Roles } from '../auth/access.decorators';
import { AuthFailureThrottle, tooManyFailures } from '../auth/auth-failure.throttle';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { clientAddress } from '../auth/session-authenticator';
import { noStore, setSessionCookies } from '../auth/session-cookies';
import { AcceptInvitationDto, CreateInvitationDto, InvitationDto } from './invitation.dto';
import { SessionDto } from './session.dto';

@ApiTags('users')
@Controller('v1/invitations')
export class InvitationsController {
  private readonly secureCookies: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly invite: InviteUserUseCase,
    private readonly accept: AcceptInvitationUseCase,
    private readonly throttle: AuthFailureThrottle,
  ) {
    this.secureCookies = config.publicUrl.startsWith('https:');
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Invite a person to the studio with roles; the link is in this response only (single use, expiring)' })
  @ApiCreatedResponse({ type: InvitationDto })
  @ApiConflictResponse({ description: 'A user with this email exists (problem+json)' })
  @ApiUnprocessableEntityResponse({ description: 'Invalid email, name or roles (problem+json with field pointers)' })
  create(@Body() body: CreateInvitationDto, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) response: Response): Promise<IssuedInvitation> {
    noStore(response);
    return this.invite.execute(body, principal);
  }

  @Post('accept')
  @Public()
  @ApiOperation({ summary: 'Accept an invitation: choose a name and password, and be signed in (cookies as for POST /v1/session)' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiNotFoundResponse({ description: 'No invitation has this token (problem+json)' })
  @ApiConflictResponse({ description: 'The invitation was used, replaced or has expired (problem+json)' })
  @ApiUnprocessableEntityResponse({ description: 'The password is too short or too long: /password (problem+json)' })
  @ApiTooManyRequestsResponse({ description: 'Too many unknown tokens from this address; see Retry-After (problem+json)' })
  async acceptInvitation(@Body() body: AcceptInvitationDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SignedIn> {
    const address = clientAddress(request);
    const wait = this.throttle.retryAfter(address, undefined, undefined);
    if (wait) throw tooManyFailures(wait);
    const started = await this.accept.execute(body).catch(async (error: unknown) => {
      // Guessing tokens is guessing credentials: counted like a wrong key.
      if (error instanceof DomainError && error.code === 'not_found') {
        const blocked = await this.throttle.failed(address, undefined);
        if (blocked) throw tooManyFailures(blocked);
      }
      throw error;
    });
    setSessionCookies(response, started, this.secureCookies);
    return { user: started.user, csrfToken: started.csrfToken };
  }
}
