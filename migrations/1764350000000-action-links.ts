import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stored one-click links: a pay and an ask link per document, kept as the
 * SHA-256 of the token with the key id and salt that derive it again at
 * render time, an expiry, and a revocation (paid, paid elsewhere, cancelled).
 */
export class ActionLinks1764350000000 implements MigrationInterface {
  name = 'ActionLinks1764350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE action_links (
        id uuid PRIMARY KEY,
        document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('pay', 'ask')),
        token_sha256 bytea NOT NULL CHECK (length(token_sha256) = 32),
        key_id text NOT NULL,
        salt bytea NOT NULL CHECK (length(salt) = 16),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text CHECK (revoked_reason IN ('paid', 'paid_elsewhere', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX action_links_token ON action_links (token_sha256)`);
    await db.query(`CREATE UNIQUE INDEX action_links_document_purpose ON action_links (document_id, purpose)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE action_links`);
  }
}
