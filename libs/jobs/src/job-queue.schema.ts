import { Client } from 'pg';
import { PgBoss } from 'pg-boss';
import { RUNTIME_GROUP_ROLE } from '@app/persistence';

/** pg-boss's default schema, which the runtime uses. */
const JOB_SCHEMA = 'pgboss';
/** Arbitrary but fixed: processes granting on the job schema take this lock in turn. */
const GRANT_LOCK_KEY = 5_310_447_219;

/**
 * Installs or upgrades the job queue's schema as the owner of the database, like
 * a migration, and lets the runtime role use it. The runtime's own pg-boss then
 * never creates or alters tables, which its role could not do.
 */
export async function installJobQueueSchema(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, max: 1, supervise: false, schedule: false, application_name: 'ccm-migrate' });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, close: true, timeout: 5_000 });
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const exists = (await owner.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [RUNTIME_GROUP_ROLE])).rowCount;
    if (!exists) return;
    // Grants are idempotent; running them at every start also covers what a pg-boss upgrade added.
    // Processes starting together take turns: concurrent GRANTs on one object fail.
    await owner.query('BEGIN');
    await owner.query('SELECT pg_advisory_xact_lock($1)', [GRANT_LOCK_KEY]);
    await owner.query(`GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${RUNTIME_GROUP_ROLE}`);
    await owner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${RUNTIME_GROUP_ROLE}`);
    await owner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${RUNTIME_GROUP_ROLE}`);
    await owner.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO ${RUNTIME_GROUP_ROLE}`);
    await owner.query('COMMIT');
  } finally {
    await owner.end();
  }
}
