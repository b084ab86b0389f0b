import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { generateToken, hashToken } from './people.secret';
import { SessionRepository } from './session.repository';
import { StartedSession, UserRecord, userView } from './user';

/** Opens a session for a user who just proved who they are (signed in, or accepted an invitation). */
@Injectable()
export class SessionStarter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionRepository,
  ) {}

  async start(user: UserRecord, manager?: EntityManager): Promise<StartedSession> {
    const sessionToken = generateToken();
    const csrfToken = generateToken();
    const expiresAt = new Date(Date.now() + this.config.sessions.maxHours * 3_600_000);
    await this.sessions.insert({ userId: user.id, tokenHash: hashToken(sessionToken), csrfToken, expiresAt }, manager);
    if (!manager) await this.sessions.pruneEndedOf(user.id);
    return { user: userView(user), csrfToken, sessionToken };
  }
}
