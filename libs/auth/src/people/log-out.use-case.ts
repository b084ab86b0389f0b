import { Injectable } from '@nestjs/common';
import { hashToken } from './people.secret';
import { SessionRepository } from './session.repository';

/** Ends the session of this token; an unknown or ended one is already out. */
@Injectable()
export class LogOutUseCase {
  constructor(private readonly sessions: SessionRepository) {}

  execute(sessionToken: string): Promise<void> {
    return this.sessions.revoke(hashToken(sessionToken));
  }
}
