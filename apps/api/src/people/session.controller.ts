import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiCookieAuth,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { LogInUseCase, LogOutUseCase, SignedIn } from '@app/auth';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import { Public } from '../auth/access.decorators';
import { AuthFailureThrottle, tooManyFailures } from '../auth/auth-failure.throttle';
import { clientAddress, SessionAuthenticator } from '../auth/session-authenticator';
import { clearSessionCookies, noStore, sessionTokenOf, setSessionCookies } from '../auth/session-cookies';
import { LogInDto, SessionDto } from './session.dto';

/**
 * Sign-in for people in the studio. Public routes: the session cookie they set
 * or read is checked here, not by the guard.
 */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  private readonly secureCookies: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly logIn: LogInUseCase,
    private readonly logOut: LogOutUseCase,
    private readonly sessions: SessionAuthenticator,
    private readonly throttle: AuthFailureThrottle,
  ) {
    this.secureCookies = config.publicUrl.startsWith('https:');
  }

  @Post()
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description: 'Sets the cookies ccm_session (HttpOnly, SameSite=Strict) and ccm_csrf (readable, SameSite=Strict); both Secure when the platform is served over https.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password — the same answer for both (problem+json)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins from this address or for this email; see Retry-After (problem+json)' })
  async create(@Body() body: LogInDto, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SignedIn> {
    const address = clientAddress(request);
    const email = `email:${body.email.toLowerCase()}`;
    const wait = this.throttle.retryAfter(address, email, undefined);
    if (wait) throw tooManyFailures(wait);
    const started = await this.logIn.execute(body.email, body.password);
    if (!started) {
      const blocked = await this.throttle.failed(address, email);
      if (blocked) throw tooManyFailures(blocked);
      throw new DomainError('unauthenticated', 'Wrong email or password');
    }
    setSessionCookies(response, started, this.secureCookies);
    return { user: started.user, csrfToken: started.csrfToken };
  }

  @Get()
  @Public()
  @ApiCookieAuth('ccm_session')
  @ApiOperation({ summary: 'Who is signed in with this session cookie, and its CSRF token' })
  @ApiOkResponse({ type: SessionDto })
  @ApiUnauthorizedResponse({ description: 'No session, or it ended (problem+json)' })
  async current(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SignedIn> {
    noStore(response);
    const token = sessionTokenOf(request);
    if (!token) throw new DomainError('unauthenticated', 'Not signed in: no session cookie');
    const session = await this.sessions.authenticate(request, token).catch((error: unknown) => {
      // An ended session's cookies are of no more use: the browser may as well drop them.
      if (error instanceof DomainError && error.code === 'unauthenticated') clearSessionCookies(response, this.secureCookies);
      throw error;
    });
    return { user: session.user, csrfToken: session.csrfToken };
  }

  @Delete()
  @Public()
  @HttpCode(204)
  @ApiCookieAuth('ccm_session')
  @ApiOperation({ summary: 'Sign out: the session ends and its cookies are cleared (needs X-CSRF-Token while the session lives)' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'The X-CSRF-Token header is missing or wrong (problem+json)' })
  async remove(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = sessionTokenOf(request);
    if (token) {
      // An ended session has nothing to protect; a live one is only ended by its own studio.
      const session = await this.sessions.authenticate(request, token).catch(() => null);
      if (session) {
        this.sessions.assertCsrf(request, session);
        await this.logOut.execute(token);
      }
    }
    clearSessionCookies(response, this.secureCookies);
  }
}
