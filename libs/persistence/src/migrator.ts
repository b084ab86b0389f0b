import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@migrations';

/** Arbitrary but fixed: every process migrating the same database takes this lock. */
const MIGRATION_LOCK_KEY = 7_294_011_553;

export function migrationDataSource(url: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    migrations: [...MIGRATIONS],
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
  });
}

/**
 * Applies pending migrations while holding a session-level advisory lock, so
 * that many API and worker processes starting together migrate exactly once.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = migrationDataSource(url);
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
    await dataSource.destroy();
  }
}

/** True when every known migration is recorded as applied. */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  const rows: Array<{ name: string }> = await dataSource.query('SELECT name FROM schema_migrations');
  const applied = new Set(rows.map((row) => row.name));
  return MIGRATIONS.every((migration) => applied.has(migration.name));
}
