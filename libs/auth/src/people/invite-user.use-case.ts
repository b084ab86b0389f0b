import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import type { Principal, Role } from '../role';
import { invitationUrl } from './bootstrap-first-admin.use-case';
import { InvitationRepository } from './invitation.repository';
import { generateToken, hashToken } from './people.secret';
import { UserRepository } from './user.repository';

export interface InviteUser {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
}

export interface IssuedInvitation {
  readonly id: string;
  readonly email: string;
  readonly roles: readonly Role[];
  /** Holds the token: shown once, only its hash is stored. */
  readonly inviteUrl: string;
  readonly expiresAt: Date;
}

/**
 * An invitation link for a new user, single use and expiring; a newer one for
 * the same email replaces those still open. Audited.
 */
@Injectable()
export class InviteUserUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UserRepository,
    private readonly invitations: InvitationRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async execute(input: InviteUser, inviter: Principal): Promise<IssuedInvitation> {
    const roles = [...new Set(input.roles)];
    const token = generateToken();
    const expiresAt = new Date(Date.now() + this.config.invitationTtlHours * 3_600_000);
    const invitation = await this.db.transaction(async (manager) => {
      if (await this.users.byEmail(input.email, manager)) {
        throw new DomainError('conflict', `There is already a user with the email ${input.email}`);
      }
      await this.invitations.revokeOpenFor(input.email, manager);
      const saved = await this.invitations.insert({ email: input.email, name: input.name, roles, tokenHash: hashToken(token), invitedBy: inviter.keyId, expiresAt }, manager);
      await this.audit.append(manager, {
        actor: inviter.keyId,
        action: 'user.invited',
        subject: { type: 'invitation', id: saved.id },
        details: { email: input.email, name: input.name, roles, expiresAt: expiresAt.toISOString(), invitedBy: inviter.identity.id },
      });
      return saved;
    });
    return { id: invitation.id, email: input.email, roles, inviteUrl: invitationUrl(this.config.publicUrl, token), expiresAt };
  }
}
