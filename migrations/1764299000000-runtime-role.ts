import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The runtime's privileges, granted to the group role `ccm_runtime` that the
 * platform's login role is a member of. The owner of the schema (who runs the
 * migrations) keeps everything else: the runtime owns no table, so it can
 * neither alter nor disable triggers, and is no superuser, so it cannot set
 * session_replication_role. It may read and write the tables it works with,
 * only append to the audit trail, and never rewrite the migration history.
 *
 * Default privileges cover tables and sequences that later migrations (run by
 * the same owner) create; an append-only table added later revokes its own.
 * When the owner may not create roles, nothing is granted and the platform
 * runs as the owner (it says so at start); create `ccm_runtime` and migrate again.
 */
export class RuntimeRole1764299000000 implements MigrationInterface {
  name = 'RuntimeRole1764299000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') THEN
          BEGIN
            CREATE ROLE ccm_runtime NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
          EXCEPTION
            WHEN duplicate_object OR unique_violation THEN NULL;
            WHEN insufficient_privilege THEN RAISE NOTICE 'may not create the role ccm_runtime: the runtime will use the owner role';
          END;
        END IF;
      END $$`);
    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    if (!exists) return;
    await db.query(`GRANT CONNECT ON DATABASE "${await currentDatabase(db)}" TO ccm_runtime`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ccm_runtime`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ccm_runtime`);
    await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ccm_runtime`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ccm_runtime`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ccm_runtime`);
    await db.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints, document_ledger FROM ccm_runtime`);
    await db.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ccm_runtime`);
  }

  async down(db: QueryRunner): Promise<void> {
    const [{ exists }] = (await db.query(`SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ccm_runtime') AS exists`)) as Array<{ exists: boolean }>;
    if (!exists) return;
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ccm_runtime`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ccm_runtime`);
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ccm_runtime`);
    await db.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ccm_runtime`);
    await db.query(`REVOKE ALL ON SCHEMA public FROM ccm_runtime`);
  }
}

async function currentDatabase(db: QueryRunner): Promise<string> {
  const [{ name }] = (await db.query(`SELECT current_database() AS name`)) as Array<{ name: string }>;
  return name.replace(/"/g, '""');
}
