import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { DomainError } from '@app/kernel';
import { ApiKeyRepository } from '../api-key.repository';
import type { Principal, Role } from '../role';
import { userSummary } from './list-users.use-case';
import { SessionRepository } from './session.repository';
import type { UserSummary } from './user';
import { UserRepository } from './user.repository';

export interface UpdateUser {
  readonly roles?: readonly Role[];
  readonly disabled?: boolean;
}

/**
 * Changes a user's roles or disables them, audited. Roles take effect on the
 * user's next request; disabling ends their sessions at once (and their API
 * keys stop working while they stay disabled). An admin cannot disable
 * themselves or drop their own admin role, so the platform never loses its
 * last admin by a slip.
 */
@Injectable()
export class UpdateUserUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  execute(id: string, change: UpdateUser, actor: Principal): Promise<UserSummary> {
    return this.db.transaction(async (manager) => {
      const user = await this.users.byId(id, manager, true);
      if (!user) throw new DomainError('not_found', `There is no user ${id}`);
      const self = user.identityId === actor.identity.id;
      const roles = change.roles ? [...new Set(change.roles)] : undefined;
      if (self && change.disabled === true) {
        throw new DomainError('validation_failed', 'You cannot disable yourself', [{ pointer: '/disabled', message: 'cannot disable your own user' }]);
      }
      if (self && roles && !roles.includes('admin') && user.roles.includes('admin')) {
        throw new DomainError('validation_failed', 'You cannot remove your own admin role', [{ pointer: '/roles', message: 'cannot drop your own admin role' }]);
      }
      const subject = { type: 'user', id: user.id };
      if (roles && !sameRoles(roles, user.roles)) {
        await this.users.setRoles(user.id, roles, manager);
        await this.keys.setSignInRoles(user.signInKeyId, roles, manager);
        await this.audit.append(manager, { actor: actor.keyId, action: 'user.roles_changed', subject, details: { email: user.email, from: user.roles, to: roles } });
      }
      if (change.disabled !== undefined && change.disabled !== user.disabled) {
        await this.users.setDisabled(user.id, change.disabled, manager);
        if (change.disabled) await this.sessions.revokeAllOf(user.id, manager);
        await this.audit.append(manager, { actor: actor.keyId, action: change.disabled ? 'user.disabled' : 'user.enabled', subject, details: { email: user.email } });
      }
      return userSummary((await this.users.byId(id, manager))!);
    });
  }
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}
