import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AuthenticatedSession, AuthenticateSessionUseCase, hashApiKey, sameSecret } from '@app/auth';
import { DomainError } from '@app/kernel';
import { AuthFailureThrottle, tooManyFailures } from './auth-failure.throttle';
import { CSRF_HEADER, isUnsafe } from './session-cookies';

/**
 * Resolves the studio session of a request's cookie, throttled like API keys:
 * an unknown or ended session counts as a failed authentication of the client
 * address; a session that worked lately passes a blocked address.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(
    private readonly authenticateSession: AuthenticateSessionUseCase,
    private readonly throttle: AuthFailureThrottle,
  ) {}

  /** The live session of `token`, or 401 / 429 problem+json. */
  async authenticate(request: Request, token: string): Promise<AuthenticatedSession> {
    const address = clientAddress(request);
    // Remembered under a name of its own, so a session token can never pass for a key.
    const remembered = `session:${hashApiKey(token)}`;
    const wait = this.throttle.retryAfter(address, undefined, remembered);
    if (wait) throw tooManyFailures(wait);
    const session = await this.authenticateSession.execute(token);
    if (session) {
      this.throttle.succeeded(remembered);
      return session;
    }
    const blocked = await this.throttle.failed(address, undefined);
    if (blocked) throw tooManyFailures(blocked);
    throw new DomainError('unauthenticated', 'The session has ended or is unknown: sign in again (POST /v1/session)');
  }

  /**
   * A cookie is sent with every request the browser makes, whoever made the page:
   * a change must also carry the session's CSRF token, which only the studio's own
   * scripts can read. Compared in constant time.
   */
  assertCsrf(request: Request, session: AuthenticatedSession): void {
    if (!isUnsafe(request.method)) return;
    const sent = request.header(CSRF_HEADER);
    if (!sent || !sameSecret(sent, session.csrfToken)) {
      throw new DomainError('forbidden', `A change made with the session cookie needs the header ${CSRF_HEADER} with the session's CSRF token (cookie ccm_csrf)`);
    }
  }
}

export function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
