import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { ApiKeyRepository } from '../api-key.repository';
import type { Principal } from '../role';
import { hashToken } from './people.secret';
import { SessionRepository } from './session.repository';
import { SignedIn, userView } from './user';
import { UserRepository } from './user.repository';

/** Writing the last use on every request would cost a write per read; a minute's precision is plenty for an idle timeout. */
const TOUCH_AFTER_MS = 60_000;

export interface AuthenticatedSession extends SignedIn {
  readonly principal: Principal;
}

/**
 * The principal of a live session token: the user's person identity acting
 * through their sign-in key, so four-eyes sees the same person (and the same
 * inviter chain) whether they use the studio or a key. Null when the token is
 * unknown, revoked, expired, idle too long, or its user disabled.
 */
@Injectable()
export class AuthenticateSessionUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly keys: ApiKeyRepository,
  ) {}

  async execute(sessionToken: string): Promise<AuthenticatedSession | null> {
    const session = await this.sessions.active(hashToken(sessionToken), this.config.sessions.idleMinutes);
    if (!session) return null;
    const user = await this.users.byId(session.userId);
    if (!user || user.disabled) return null;
    const principal = await this.keys.principalOfSignInKey(user.signInKeyId);
    if (!principal) return null;
    if (Date.now() - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) await this.sessions.touch(session.id);
    return { principal, user: userView(user), csrfToken: session.csrfToken };
  }
}
