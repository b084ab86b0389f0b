import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain becomes keyed: each new entry names the HMAC key (kept outside
 * the database) that links it, so nobody who can only write rows can recompute
 * the chain after an edit. Entries written before carry no key id and keep their
 * plain SHA-256 links. Signed checkpoints of the chain's head are kept beside it,
 * append-only like the log itself.
 */
export class KeyedAudit1764290000000 implements MigrationInterface {
  name = 'KeyedAudit1764290000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE audit_log ADD COLUMN key_id text`);
    await db.query(`
      CREATE TABLE audit_checkpoints (
        id bigserial PRIMARY KEY,
        entry_id bigint NOT NULL,
        entry_hash text NOT NULL,
        entries bigint NOT NULL CHECK (entries >= 0),
        created_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL UNIQUE
      )`);
    await db.query(`CREATE INDEX audit_checkpoints_entry_id ON audit_checkpoints (entry_id)`);
    await db.query(`
      CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_checkpoints`);
    await db.query(`ALTER TABLE audit_log DROP COLUMN key_id`);
  }
}
