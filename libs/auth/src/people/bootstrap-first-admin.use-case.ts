import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiKeyRepository } from '../api-key.repository';
import { InvitationRepository } from './invitation.repository';
import { hashPassword, verifyPassword } from './password.hash';
import { generateToken, hashToken } from './people.secret';
import { SessionRepository } from './session.repository';
import { UserCreator } from './user-creator';
import { UserRepository } from './user.repository';

/** Every process runs this at start; one at a time, so two never create the same admin or two invitations. */
const FIRST_ADMIN_LOCK = 7_204_118_311;
const PLATFORM = 'system:platform';
export const FIRST_ADMIN_INVITE_FILE = 'first-admin-invite.txt';

export type FirstAdmin =
  | { readonly kind: 'configured'; readonly email: string; readonly change: 'created' | 'reset' | 'unchanged' }
  | { readonly kind: 'invited'; readonly inviteUrl: string; readonly file: string }
  | { readonly kind: 'exists' };

/**
 * The first admin. With CCM_ADMIN_EMAIL and CCM_ADMIN_PASSWORD that person is
 * created, or reset (password, admin role, enabled; their sessions ended when
 * the password changed), at every start. Without them, while no user exists, an
 * invitation to become admin is kept in the data folder (mode 0600) and its link
 * returned for the start-up log; once someone has accepted it the file goes.
 */
@Injectable()
export class BootstrapFirstAdminUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
    private readonly sessions: SessionRepository,
    private readonly invitations: InvitationRepository,
    private readonly creator: UserCreator,
    private readonly audit: AuditLogRepository,
  ) {}

  execute(): Promise<FirstAdmin> {
    return this.db.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [FIRST_ADMIN_LOCK]);
      const configured = this.config.firstAdmin;
      if (configured) return { kind: 'configured', email: configured.email, change: await this.ensureConfigured(configured, manager) };
      const file = path.join(this.config.dataDir, FIRST_ADMIN_INVITE_FILE);
      if (await this.users.any(manager)) {
        await fs.rm(file, { force: true });
        return { kind: 'exists' };
      }
      return { kind: 'invited', inviteUrl: await this.pendingInvitation(file, manager), file };
    });
  }

  private async ensureConfigured(admin: { email: string; password: string }, manager: EntityManager): Promise<'created' | 'reset' | 'unchanged'> {
    const user = await this.users.byEmail(admin.email, manager);
    if (!user) {
      await this.creator.create(
        { email: admin.email, name: 'Admin', roles: ['admin'], passwordHash: await hashPassword(admin.password), grantedBy: null },
        PLATFORM,
        manager,
      );
      return 'created';
    }
    const passwordChanged = !(await verifyPassword(admin.password, user.passwordHash));
    const rolesChanged = !user.roles.includes('admin');
    if (!passwordChanged && !rolesChanged && !user.disabled) return 'unchanged';
    if (passwordChanged) {
      await this.users.setPasswordHash(user.id, await hashPassword(admin.password), manager);
      await this.sessions.revokeAllOf(user.id, manager);
    }
    if (rolesChanged) {
      await this.users.setRoles(user.id, [...user.roles, 'admin'], manager);
      await this.keys.setSignInRoles(user.signInKeyId, [...user.roles, 'admin'], manager);
    }
    if (user.disabled) await this.users.setDisabled(user.id, false, manager);
    await this.audit.append(manager, {
      actor: PLATFORM,
      action: 'user.reset',
      subject: { type: 'user', id: user.id },
      details: { email: user.email, passwordChanged, adminRoleAdded: rolesChanged, enabled: user.disabled },
    });
    return 'reset';
  }

  /** The link in the file while its invitation is still open; else a new invitation, written to the file. */
  private async pendingInvitation(file: string, manager: EntityManager): Promise<string> {
    const kept = await fs.readFile(file, 'utf8').catch(() => '');
    const keptToken = /[?&]token=([A-Za-z0-9_-]+)/.exec(kept)?.[1];
    if (keptToken && (await this.invitations.open(hashToken(keptToken), manager))) return kept.trim();
    const token = generateToken();
    const expiresAt = new Date(Date.now() + this.config.invitationTtlHours * 3_600_000);
    const invitation = await this.invitations.insert({ email: null, name: 'Admin', roles: ['admin'], tokenHash: hashToken(token), invitedBy: null, expiresAt }, manager);
    await this.audit.append(manager, {
      actor: PLATFORM,
      action: 'user.invited',
      subject: { type: 'invitation', id: invitation.id },
      details: { email: null, roles: ['admin'], expiresAt: expiresAt.toISOString(), firstAdmin: true },
    });
    const inviteUrl = invitationUrl(this.config.publicUrl, token);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${inviteUrl}\n`, { mode: 0o600 });
    return inviteUrl;
  }
}

export function invitationUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/studio/accept-invite?token=${token}`;
}
