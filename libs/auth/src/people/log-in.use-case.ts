import { Injectable } from '@nestjs/common';
import { hashPassword, needsRehash, UNMATCHABLE_PASSWORD_HASH, verifyPassword } from './password.hash';
import { SessionStarter } from './session-starter';
import type { StartedSession } from './user';
import { UserRepository } from './user.repository';

/**
 * A session for the right email and password, or null — the same null for an
 * unknown email, a wrong password and a disabled user, after the same scrypt
 * work, so the answer and its timing say nothing about which it was.
 */
@Injectable()
export class LogInUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly starter: SessionStarter,
  ) {}

  async execute(email: string, password: string): Promise<StartedSession | null> {
    const user = await this.users.byEmail(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? UNMATCHABLE_PASSWORD_HASH);
    if (!user || !matches || user.disabled) return null;
    if (needsRehash(user.passwordHash)) await this.users.setPasswordHash(user.id, await hashPassword(password));
    return this.starter.start(user);
  }
}
