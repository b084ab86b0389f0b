import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every API key belongs to an identity: a named person (who may hold several
 * keys and is one person for four-eyes) or a named machine (which never
 * approves). Keys issued before identities existed each become a person of
 * their own, with the key's id and name, so versions that recorded a key id as
 * their author now name that person without any row being rewritten.
 */
export class Identities1764290100000 implements MigrationInterface {
  name = 'Identities1764290100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identities (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('person', 'machine')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        email text CHECK (kind = 'person' OR email IS NULL),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX identities_person_email ON identities (lower(email)) WHERE email IS NOT NULL`);
    await db.query(`CREATE UNIQUE INDEX identities_machine_name ON identities (lower(name)) WHERE kind = 'machine'`);
    await db.query(`ALTER TABLE api_keys ADD COLUMN identity_id uuid REFERENCES identities(id)`);
    await db.query(`INSERT INTO identities (id, kind, name, created_at) SELECT id, 'person', name, created_at FROM api_keys`);
    await db.query(`UPDATE api_keys SET identity_id = id`);
    await db.query(`ALTER TABLE api_keys ALTER COLUMN identity_id SET NOT NULL`);
    await db.query(`CREATE INDEX api_keys_identity ON api_keys (identity_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE api_keys DROP COLUMN identity_id`);
    await db.query(`DROP TABLE identities`);
  }
}
