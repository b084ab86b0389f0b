import type { Request, Response } from 'express';
import type { StartedSession } from '@app/auth';

export const SESSION_COOKIE = 'ccm_session';
export const CSRF_COOKIE = 'ccm_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** Session and CSRF tokens are 256 bits in base64url: anything else in the cookie is not ours. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session token of the request's `ccm_session` cookie, if it carries a well-formed one. */
export function sessionTokenOf(request: Request): string | undefined {
  for (const part of (request.header('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) {
      const value = part.slice(at + 1).trim();
      if (TOKEN.test(value)) return value;
    }
  }
  return undefined;
}

/** Methods that change something, and so need the CSRF header when a cookie authenticates them. */
export function isUnsafe(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The session cookie is HttpOnly (scripts never read it) and SameSite=Strict (no
 * other site's page sends it); the CSRF cookie is readable by the studio's
 * scripts, which echo it in `X-CSRF-Token` — a value another site can neither
 * read nor guess. Secure whenever the platform is served over https.
 */
export function setSessionCookies(response: Response, session: StartedSession, secure: boolean): void {
  noStore(response);
  response.cookie(SESSION_COOKIE, session.sessionToken, { httpOnly: true, sameSite: 'strict', path: '/', secure });
  response.cookie(CSRF_COOKIE, session.csrfToken, { httpOnly: false, sameSite: 'strict', path: '/', secure });
}

export function clearSessionCookies(response: Response, secure: boolean): void {
  response.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure });
  response.clearCookie(CSRF_COOKIE, { httpOnly: false, sameSite: 'strict', path: '/', secure });
}

/** Answers carrying a CSRF token or an invitation link are for the one client that asked: never kept by a cache. */
export function noStore(response: Response): void {
  response.setHeader('Cache-Control', 'no-store');
}
