import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Locked blocks: compliance-owned partials with versions reviewed like
 * template versions, and the same database guarantees — a submitted version
 * never changes and is never deleted, and a block can only point at a
 * published version.
 */
export class LockedBlocks1764000000000 implements MigrationInterface {
  name = 'LockedBlocks1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE locked_blocks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE CHECK (name ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(name) <= 63),
        description text NOT NULL DEFAULT '',
        published_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE locked_block_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        block_id uuid NOT NULL REFERENCES locked_blocks(id),
        number integer NOT NULL CHECK (number > 0),
        status text NOT NULL CHECK (status IN ('draft','in_review','approved','rejected','published','retired')),
        content jsonb NOT NULL,
        content_hash text NOT NULL,
        author text NOT NULL,
        based_on integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        submitted_at timestamptz,
        approved_by text,
        approved_at timestamptz,
        reviewed_by text,
        reviewed_at timestamptz,
        review_comment text,
        published_at timestamptz,
        publish_at timestamptz,
        retired_at timestamptz,
        lint_findings jsonb NOT NULL DEFAULT '[]',
        UNIQUE (block_id, number)
      )`);
    await db.query(`CREATE INDEX locked_block_versions_status ON locked_block_versions (status)`);
    await db.query(`
      ALTER TABLE locked_blocks ADD CONSTRAINT locked_blocks_published_version_fk
        FOREIGN KEY (id, published_version) REFERENCES locked_block_versions(block_id, number)`);

    await db.query(`
      CREATE FUNCTION locked_block_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (
             NEW.content IS DISTINCT FROM OLD.content OR
             NEW.content_hash IS DISTINCT FROM OLD.content_hash OR
             NEW.author IS DISTINCT FROM OLD.author OR
             NEW.number IS DISTINCT FROM OLD.number OR
             NEW.block_id IS DISTINCT FROM OLD.block_id) THEN
          RAISE EXCEPTION 'locked block version % is % and can no longer change', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER locked_block_versions_immutable BEFORE UPDATE ON locked_block_versions
        FOR EACH ROW EXECUTE FUNCTION locked_block_versions_immutable()`);
    await db.query(`
      CREATE FUNCTION locked_block_versions_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'locked block version % is % and cannot be deleted', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await db.query(`
      CREATE TRIGGER locked_block_versions_no_delete BEFORE DELETE ON locked_block_versions
        FOR EACH ROW EXECUTE FUNCTION locked_block_versions_no_delete()`);
    await db.query(`
      CREATE FUNCTION locked_blocks_publish_published_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.published_version IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM locked_block_versions
              WHERE block_id = NEW.id AND number = NEW.published_version AND status = 'published') THEN
          RAISE EXCEPTION 'version % of locked block % is not published', NEW.published_version, NEW.name
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER locked_blocks_publish_published_only BEFORE INSERT OR UPDATE OF published_version ON locked_blocks
        FOR EACH ROW EXECUTE FUNCTION locked_blocks_publish_published_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER locked_blocks_publish_published_only ON locked_blocks`);
    await db.query(`DROP FUNCTION locked_blocks_publish_published_only()`);
    await db.query(`ALTER TABLE locked_blocks DROP CONSTRAINT locked_blocks_published_version_fk`);
    await db.query(`DROP TABLE locked_block_versions`);
    await db.query(`DROP TABLE locked_blocks`);
    await db.query(`DROP FUNCTION locked_block_versions_no_delete()`);
    await db.query(`DROP FUNCTION locked_block_versions_immutable()`);
  }
}
