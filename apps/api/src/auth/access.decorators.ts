import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@app/auth';

export const ROLES_KEY = 'ccm:roles';
export const PUBLIC_KEY = 'ccm:public';

/** The roles that may call a route (admin always may). Routes without it are refused. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiCookieAuth('ccm_session'),
    ApiUnauthorizedResponse({ description: 'Missing or invalid API key or session (problem+json)' }),
    ApiForbiddenResponse({
      description: `The caller lacks the role: ${roles.join(' or ')}; or, with the session cookie, a change lacks the X-CSRF-Token header (problem+json)`,
    }),
  );

/** A route anyone may call: health, action landing pages, signed webhooks, and signing in (which checks its own credentials and cookie). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
