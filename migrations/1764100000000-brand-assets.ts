import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brand assets (logos, fonts) inlined into documents as data URIs. Template
 * versions pin an asset by its SHA-256, so a stored upload is immutable and
 * permanent: no UPDATE, no DELETE, and the hash is checked against the bytes
 * by the database itself. A name gets new uploads as new numbered rows.
 */
export class BrandAssets1764100000000 implements MigrationInterface {
  name = 'BrandAssets1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (name ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(name) <= 63),
        version integer NOT NULL CHECK (version > 0),
        content_type text NOT NULL CHECK (content_type IN (
          'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml',
          'font/woff2', 'font/woff', 'font/ttf', 'font/otf')),
        sha256 text NOT NULL,
        size integer NOT NULL,
        bytes bytea NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (name, version),
        CHECK (size = octet_length(bytes) AND size > 0),
        CHECK (sha256 = encode(sha256(bytes), 'hex'))
      )`);
    await db.query(`CREATE INDEX assets_sha256 ON assets (sha256)`);
    await db.query(`
      CREATE FUNCTION assets_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'asset % v% is pinned by hash and can never change or be removed', OLD.name, OLD.version
          USING ERRCODE = 'integrity_constraint_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER assets_append_only BEFORE UPDATE OR DELETE ON assets
        FOR EACH ROW EXECUTE FUNCTION assets_append_only()`);
    await db.query(`
      CREATE TRIGGER assets_no_truncate BEFORE TRUNCATE ON assets
        FOR EACH STATEMENT EXECUTE FUNCTION assets_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE assets`);
    await db.query(`DROP FUNCTION assets_append_only()`);
  }
}
