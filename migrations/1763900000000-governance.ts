import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Governance: review metadata on template versions, database-enforced
 * immutability of submitted versions, and the append-only, hash-chained audit log.
 */
export class Governance1763900000000 implements MigrationInterface {
  name = 'Governance1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE template_versions
        ADD COLUMN based_on integer,
        ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
        ADD COLUMN reviewed_by text,
        ADD COLUMN reviewed_at timestamptz,
        ADD COLUMN review_comment text,
        ADD COLUMN publish_at timestamptz,
        ADD COLUMN lint_findings jsonb NOT NULL DEFAULT '[]'`);
    await db.query(`CREATE INDEX template_versions_status ON template_versions (status)`);

    // A submitted version is what reviewers approved and documents pin: its
    // content, hash and author can never change, whatever code runs against the table.
    await db.query(`
      CREATE FUNCTION template_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' AND (
             NEW.content IS DISTINCT FROM OLD.content OR
             NEW.content_hash IS DISTINCT FROM OLD.content_hash OR
             NEW.author IS DISTINCT FROM OLD.author OR
             NEW.number IS DISTINCT FROM OLD.number OR
             NEW.template_id IS DISTINCT FROM OLD.template_id) THEN
          RAISE EXCEPTION 'template version % is % and can no longer change', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER template_versions_immutable BEFORE UPDATE ON template_versions
        FOR EACH ROW EXECUTE FUNCTION template_versions_immutable()`);
    await db.query(`
      CREATE FUNCTION template_versions_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status <> 'draft' THEN
          RAISE EXCEPTION 'template version % is % and cannot be deleted', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN OLD;
      END $$`);
    await db.query(`
      CREATE TRIGGER template_versions_no_delete BEFORE DELETE ON template_versions
        FOR EACH ROW EXECUTE FUNCTION template_versions_no_delete()`);

    // Documents may only ever pin a published version: the template's pointer
    // is refused unless the version it names is published.
    await db.query(`
      CREATE FUNCTION templates_publish_published_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.published_version IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM template_versions
              WHERE template_id = NEW.id AND number = NEW.published_version AND status = 'published') THEN
          RAISE EXCEPTION 'version % of template % is not published', NEW.published_version, NEW.key
            USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER templates_publish_published_only BEFORE INSERT OR UPDATE OF published_version ON templates
        FOR EACH ROW EXECUTE FUNCTION templates_publish_published_only()`);

    await db.query(`CREATE SEQUENCE audit_log_id_seq AS bigint`);
    await db.query(`
      CREATE TABLE audit_log (
        id bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject_type text NOT NULL,
        subject_id text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      )`);
    await db.query(`CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id)`);
    await db.query(`CREATE INDEX audit_log_occurred_at ON audit_log (occurred_at)`);
    // Append-only at the database: no code path of the application, and no
    // mistaken script under its role, can rewrite or remove history.
    await db.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await db.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE audit_log`);
    await db.query(`DROP SEQUENCE audit_log_id_seq`);
    await db.query(`DROP FUNCTION audit_log_append_only()`);
    await db.query(`DROP TRIGGER templates_publish_published_only ON templates`);
    await db.query(`DROP FUNCTION templates_publish_published_only()`);
    await db.query(`DROP TRIGGER template_versions_no_delete ON template_versions`);
    await db.query(`DROP FUNCTION template_versions_no_delete()`);
    await db.query(`DROP TRIGGER template_versions_immutable ON template_versions`);
    await db.query(`DROP FUNCTION template_versions_immutable()`);
    await db.query(`DROP INDEX template_versions_status`);
    await db.query(`
      ALTER TABLE template_versions
        DROP COLUMN based_on, DROP COLUMN updated_at, DROP COLUMN reviewed_by, DROP COLUMN reviewed_at,
        DROP COLUMN review_comment, DROP COLUMN publish_at, DROP COLUMN lint_findings`);
  }
}
