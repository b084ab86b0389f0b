import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLogRepository } from '@app/audit';
import { DomainError } from '@app/kernel';
import { ApiKeyRepository } from '../api-key.repository';
import type { Role } from '../role';
import type { UserRecord } from './user';
import { UserRepository } from './user.repository';

const UNIQUE_VIOLATION = '23505';

export interface NewPerson {
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly passwordHash: string;
  /**
   * The key (or sign-in) that handed out the means to become this user — the
   * inviter's — or null for the platform itself. Whoever held the invitation
   * could have accepted it and chosen the password, so four-eyes treats the
   * inviter like the issuer of a key.
   */
  readonly grantedBy: string | null;
}

/**
 * Records a user: the person identity of their email (the same person as any
 * API key already issued to that email), their sign-in key, the user row, and
 * the audit entry — inside the caller's transaction.
 */
@Injectable()
export class UserCreator {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly users: UserRepository,
    private readonly audit: AuditLogRepository,
  ) {}

  async create(person: NewPerson, actor: string, manager: EntityManager): Promise<UserRecord> {
    const roles = [...new Set(person.roles)];
    if (await this.users.byEmail(person.email, manager)) {
      throw new DomainError('conflict', `There is already a user with the email ${person.email}`);
    }
    const identity = await this.keys.findOrCreateIdentity({ kind: 'person', email: person.email, name: person.name }, manager);
    const id = randomUUID();
    const signInKey = await this.keys.insertSignInKey({ userId: id, email: person.email, roles, identityId: identity.id, createdBy: person.grantedBy }, manager);
    const user = await this.users
      .insert({ id, identityId: identity.id, signInKeyId: signInKey.id, email: person.email, name: person.name, roles, passwordHash: person.passwordHash }, manager)
      .catch((error: unknown) => {
        // Two invitations to one email accepted at the same moment: the unique index lets one through.
        const failed = error as { code?: string; driverError?: { code?: string } };
        if ((failed.code ?? failed.driverError?.code) === UNIQUE_VIOLATION) {
          throw new DomainError('conflict', `There is already a user with the email ${person.email}`);
        }
        throw error;
      });
    await this.audit.append(manager, {
      actor,
      action: 'user.created',
      subject: { type: 'user', id: user.id },
      details: { email: user.email, name: user.name, roles, identity: identity.id, grantedBy: person.grantedBy },
    });
    return user;
  }
}
