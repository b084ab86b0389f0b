import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ApiKeysService, hasAnyRole, Principal, Role } from '@app/auth';
import { DomainError } from '@app/kernel';
import { PUBLIC_KEY, ROLES_KEY } from './access.decorators';

export type AuthenticatedRequest = Request & { principal: Principal };

/**
 * Every route needs an API key and one of its declared roles, except routes
 * marked public. A route that declares neither is refused: forgetting to
 * declare access must never open a route.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = /^Bearer\s+(\S+)$/i.exec(request.header('authorization') ?? '')?.[1];
    const principal = key ? await this.keys.authenticate(key) : null;
    if (!principal) throw new DomainError('unauthenticated', 'A valid API key is required: Authorization: Bearer <key>');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets) ?? [];
    if (!hasAnyRole(principal, roles)) {
      throw new DomainError('forbidden', roles.length ? `This requires the role ${roles.join(' or ')}` : 'This route is not open to API keys');
    }
    return true;
  }
}
