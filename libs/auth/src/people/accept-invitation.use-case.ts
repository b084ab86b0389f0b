import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import { InvitationRepository } from './invitation.repository';
import { hashPassword, passwordPolicyRefusal } from './password.hash';
import { hashToken } from './people.secret';
import { SessionStarter } from './session-starter';
import type { StartedSession } from './user';
import { UserCreator } from './user-creator';

export interface AcceptInvitation {
  readonly token: string;
  readonly name: string;
  readonly password: string;
  /** Only for the first admin's invitation, which names no email; ignored otherwise. */
  readonly email?: string;
}

/**
 * Turns an open invitation into a user with the password its holder chooses,
 * and signs them in. The invitation is locked, so it is used once even when
 * accepted twice at the same moment; user, invitation and session commit together.
 */
@Injectable()
export class AcceptInvitationUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly invitations: InvitationRepository,
    private readonly creator: UserCreator,
    private readonly starter: SessionStarter,
  ) {}

  async execute(input: AcceptInvitation): Promise<StartedSession> {
    const refusal = passwordPolicyRefusal(input.password);
    if (refusal) throw new DomainError('validation_failed', `The password ${refusal}`, [{ pointer: '/password', message: refusal }]);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction(async (manager) => {
      const invitation = await this.invitations.lockByTokenHash(hashToken(input.token), manager);
      if (!invitation) throw new DomainError('not_found', 'There is no invitation with this token');
      if (invitation.acceptedAt) throw new DomainError('invalid_state', 'This invitation has been used already: sign in instead');
      if (invitation.revokedAt) throw new DomainError('invalid_state', 'This invitation was replaced by a newer one: use the latest link');
      if (invitation.expiresAt.getTime() <= Date.now()) throw new DomainError('invalid_state', 'This invitation has expired: ask an admin for a new one');
      const email = invitation.email ?? input.email ?? `admin@${new URL(this.config.publicUrl).hostname}`;
      const user = await this.creator.create(
        { email, name: input.name, roles: invitation.roles, passwordHash, grantedBy: invitation.invitedBy },
        `invitation:${invitation.id}`,
        manager,
      );
      await this.invitations.markAccepted(invitation.id, user.id, manager);
      return this.starter.start(user, manager);
    });
  }
}
