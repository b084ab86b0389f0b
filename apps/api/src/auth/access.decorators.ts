import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Role } from '@app/auth';

export const ROLES_KEY = 'ccm:roles';
export const PUBLIC_KEY = 'ccm:public';

/** The roles that may call a route (admin always may). Routes without it are refused. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'Missing or invalid API key (problem+json)' }),
    ApiForbiddenResponse({ description: `The key lacks the role: ${roles.join(' or ')} (problem+json)` }),
  );

/** A route anyone may call: health, action landing pages, signed webhooks. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
