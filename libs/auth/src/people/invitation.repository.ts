import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Role } from '../role';

export interface InvitationRecord {
  readonly id: string;
  /** Null only for the first admin's invitation, whose email is chosen on accepting. */
  readonly email: string | null;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly invitedBy: string | null;
  readonly expiresAt: Date;
  readonly acceptedAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface NewInvitation {
  readonly email: string | null;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly tokenHash: string;
  readonly invitedBy: string | null;
  readonly expiresAt: Date;
}

const COLUMNS = 'id, email, name, roles, invited_by, expires_at, accepted_at, revoked_at';

/** The `invitations` table: tokens only as their SHA-256; every write in the caller's transaction. */
@Injectable()
export class InvitationRepository {
  async insert(invitation: NewInvitation, manager: EntityManager): Promise<InvitationRecord> {
    const rows = (await manager.query(
      `INSERT INTO invitations (email, name, roles, token_hash, invited_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [invitation.email, invitation.name, [...invitation.roles], invitation.tokenHash, invitation.invitedBy, invitation.expiresAt],
    )) as InvitationRow[];
    return record(rows[0]);
  }

  /** A newer invitation replaces those still open for the same email. */
  async revokeOpenFor(email: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE invitations SET revoked_at = now() WHERE lower(email) = lower($1) AND accepted_at IS NULL AND revoked_at IS NULL`, [email]);
  }

  /** The invitation of this token hash, locked until the transaction ends, whatever its state. */
  async lockByTokenHash(tokenHash: string, manager: EntityManager): Promise<InvitationRecord | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM invitations WHERE token_hash = $1 FOR UPDATE`, [tokenHash])) as InvitationRow[];
    return rows[0] ? record(rows[0]) : null;
  }

  /** Whether the invitation of this token hash can still be accepted. */
  async open(tokenHash: string, manager: EntityManager): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM invitations WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`,
      [tokenHash],
    )) as unknown[];
    return rows.length > 0;
  }

  async markAccepted(id: string, userId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE invitations SET accepted_at = now(), accepted_by = $2 WHERE id = $1`, [id, userId]);
  }
}

interface InvitationRow {
  id: string;
  email: string | null;
  name: string;
  roles: Role[];
  invited_by: string | null;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

function record(row: InvitationRow): InvitationRecord {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    invitedBy: row.invited_by,
    expiresAt: row.expires_at,
    acceptedAt: row.accepted_at,
    revokedAt: row.revoked_at,
  };
}
