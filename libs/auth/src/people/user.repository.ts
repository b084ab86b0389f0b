import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../role';
import type { UserRecord } from './user';

const COLUMNS = 'id, identity_id, sign_in_key_id, email, name, roles, password_hash, disabled, created_at';

interface UserRow {
  id: string;
  identity_id: string;
  sign_in_key_id: string;
  email: string;
  name: string;
  roles: Role[];
  password_hash: string;
  disabled: boolean;
  created_at: Date;
}

export interface NewUser {
  readonly id: string;
  readonly identityId: string;
  readonly signInKeyId: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly passwordHash: string;
}

/** The `users` table. */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async byEmail(email: string, manager: EntityManager = this.db.manager): Promise<UserRecord | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email])) as UserRow[];
    return rows[0] ? record(rows[0]) : null;
  }

  async byId(id: string, manager: EntityManager = this.db.manager, lock = false): Promise<UserRecord | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as UserRow[];
    return rows[0] ? record(rows[0]) : null;
  }

  async byIdentity(identityId: string, manager: EntityManager): Promise<UserRecord | null> {
    const rows = (await manager.query(`SELECT ${COLUMNS} FROM users WHERE identity_id = $1`, [identityId])) as UserRow[];
    return rows[0] ? record(rows[0]) : null;
  }

  async list(): Promise<UserRecord[]> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM users ORDER BY created_at, email`)) as UserRow[];
    return rows.map(record);
  }

  async any(manager: EntityManager = this.db.manager): Promise<boolean> {
    const rows = (await manager.query(`SELECT EXISTS (SELECT 1 FROM users) AS found`)) as Array<{ found: boolean }>;
    return rows[0].found;
  }

  async insert(user: NewUser, manager: EntityManager): Promise<UserRecord> {
    const rows = (await manager.query(
      `INSERT INTO users (id, identity_id, sign_in_key_id, email, name, roles, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [user.id, user.identityId, user.signInKeyId, user.email, user.name, [...user.roles], user.passwordHash],
    )) as UserRow[];
    return record(rows[0]);
  }

  async setPasswordHash(id: string, passwordHash: string, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(`UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, [id, passwordHash]);
  }

  /** Only the user row: their sign-in key carries the roles too (`ApiKeyRepository.setSignInRoles`), changed in the same transaction. */
  async setRoles(id: string, roles: readonly Role[], manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE users SET roles = $2, updated_at = now() WHERE id = $1`, [id, [...roles]]);
  }

  async setDisabled(id: string, disabled: boolean, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE users SET disabled = $2, updated_at = now() WHERE id = $1`, [id, disabled]);
  }
}

function record(row: UserRow): UserRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    signInKeyId: row.sign_in_key_id,
    email: row.email,
    name: row.name,
    roles: row.roles,
    passwordHash: row.password_hash,
    disabled: row.disabled,
    createdAt: row.created_at,
  };
}
