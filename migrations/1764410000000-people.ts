import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who sign in to the studio: users (a person identity with a password
 * hash), their sessions (only a SHA-256 of each session token) and invitations
 * (only a SHA-256 of each token, single use, expiring).
 *
 * Each user also gets one `api_keys` row of purpose `sign-in` that no bearer key
 * can match (its hash is not a SHA-256): a session acts through it, so what a
 * person does in the studio is recorded and foreign-keyed exactly like what a
 * key does, and four-eyes follows its `created_by` — the inviter's key — just as
 * it follows the issuer of a key.
 */
export class People1764410000000 implements MigrationInterface {
  name = 'People1764410000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys ADD COLUMN purpose text NOT NULL DEFAULT 'api' CHECK (purpose IN ('api', 'sign-in'))`);
    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        identity_id uuid NOT NULL UNIQUE REFERENCES identities(id),
        sign_in_key_id uuid NOT NULL UNIQUE REFERENCES api_keys(id),
        email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email ON users (lower(email))`);
    await db.query(`
      CREATE TABLE user_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        token_hash text NOT NULL UNIQUE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX user_sessions_user ON user_sessions (user_id) WHERE revoked_at IS NULL`);
    await db.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        token_hash text NOT NULL UNIQUE,
        invited_by uuid REFERENCES api_keys(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_by uuid REFERENCES users(id),
        revoked_at timestamptz
      )`);
    await db.query(`CREATE INDEX invitations_pending_email ON invitations (lower(email)) WHERE accepted_at IS NULL AND revoked_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE invitations`);
    await db.query(`DROP TABLE user_sessions`);
    await db.query(`DROP TABLE users`);
    await db.query(`DELETE FROM api_keys WHERE purpose = 'sign-in'`);
    await db.query(`ALTER TABLE api_keys DROP COLUMN purpose`);
  }
}
