import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthenticateApiKeyUseCase, displayPrefix, hashApiKey, hasAnyRole, Principal, Role } from '@app/auth';
import { DomainError } from '@app/kernel';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators';
import { AuthFailureThrottle, tooManyFailures } from './auth-failure.throttle';
import { clientAddress, SessionAuthenticator } from './session-authenticator';
import { sessionTokenOf } from './session-cookies';

export type AuthenticatedRequest = Request & { principal: Principal };

/**
 * Every route needs an API key — or, for people in the studio, the session
 * cookie — and one of its declared roles, except routes marked public. A route
 * that declares neither is refused: forgetting to declare access must never
 * open a route. A bearer key wins over a cookie (machines send no cookies); with
 * the cookie, changes need the session's CSRF token too. Failed authentications
 * are throttled per client address and per key prefix (429 with Retry-After).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticateKey: AuthenticateApiKeyUseCase,
    private readonly throttle: AuthFailureThrottle,
    private readonly sessions: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticate(request);
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!hasAnyRole(request.principal, roles)) {
      throw new DomainError('forbidden', roles.length ? `This requires the role ${roles.join(' or ')}` : 'This route is not open to API keys');
    }
    return true;
  }

  private async authenticate(request: Request): Promise<Principal> {
    const key = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
    const sessionToken = request.header('authorization') ? undefined : sessionTokenOf(request);
    if (sessionToken) {
      const session = await this.sessions.authenticate(request, sessionToken);
      this.sessions.assertCsrf(request, session);
      return session.principal;
    }
    const address = clientAddress(request);
    const prefix = key ? displayPrefix(key) : undefined;
    const keyHash = key ? hashApiKey(key) : undefined;
    const wait = this.throttle.retryAfter(address, prefix, keyHash);
    if (wait) throw tooManyFailures(wait);
    const principal = key ? await this.authenticateKey.execute(key) : null;
    if (principal) {
      this.throttle.succeeded(keyHash!);
      return principal;
    }
    const blocked = await this.throttle.failed(address, prefix);
    if (blocked) throw tooManyFailures(blocked);
    throw new DomainError('unauthenticated', 'A valid API key (Authorization: Bearer <key>) or studio session (cookie ccm_session) is required');
  }
}
