import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface ActiveSession {
  readonly id: string;
  readonly userId: string;
  readonly csrfToken: string;
  readonly lastSeenAt: Date;
}

/** The `user_sessions` table: tokens only as their SHA-256. */
@Injectable()
export class SessionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(session: { userId: string; tokenHash: string; csrfToken: string; expiresAt: Date }, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`INSERT INTO user_sessions (user_id, token_hash, csrf_token, expires_at) VALUES ($1, $2, $3, $4)`, [
      session.userId,
      session.tokenHash,
      session.csrfToken,
      session.expiresAt,
    ]);
  }

  /** The session with this token hash when it is neither revoked, past its lifetime, idle too long, nor its user disabled. */
  async active(tokenHash: string, idleMinutes: number): Promise<ActiveSession | null> {
    const rows = (await this.db.query(
      `SELECT s.id, s.user_id, s.csrf_token, s.last_seen_at
         FROM user_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now()
          AND s.last_seen_at > now() - make_interval(mins => $2) AND NOT u.disabled`,
      [tokenHash, idleMinutes],
    )) as Array<{ id: string; user_id: string; csrf_token: string; last_seen_at: Date }>;
    const row = rows[0];
    return row ? { id: row.id, userId: row.user_id, csrfToken: row.csrf_token, lastSeenAt: row.last_seen_at } : null;
  }

  /** Forgets the user's sessions that ended over a month ago, so the table grows with people, not with sign-ins. */
  async pruneEndedOf(userId: string): Promise<void> {
    await this.db.query(
      `DELETE FROM user_sessions
        WHERE user_id = $1 AND (expires_at < now() - interval '30 days' OR revoked_at < now() - interval '30 days' OR last_seen_at < now() - interval '30 days')`,
      [userId],
    );
  }

  async touch(id: string): Promise<void> {
    await this.db.query(`UPDATE user_sessions SET last_seen_at = now() WHERE id = $1 AND revoked_at IS NULL`, [id]);
  }

  async revoke(tokenHash: string): Promise<void> {
    await this.db.query(`UPDATE user_sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [tokenHash]);
  }

  /** Ends every session of the user: on disabling, and when their password is reset. */
  async revokeAllOf(userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE user_sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }
}
