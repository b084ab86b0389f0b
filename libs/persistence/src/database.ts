import { AppConfig } from '@app/config';
import { RunningDatabase, startEmbeddedPostgres } from './embedded-postgres.server';

export interface ResolvedDatabase extends RunningDatabase {
  /** `url` is the owner of the schema (migrations); this is what the runtime must use, when configured apart. */
  readonly runtimeUrl?: string;
}

/**
 * The database this process talks to: the server named by DATABASE_MIGRATION_URL
 * and DATABASE_URL (owner and runtime), by DATABASE_URL alone, or an embedded
 * PostgreSQL in the data folder when none is configured. `url` is always the
 * schema owner's.
 */
export async function resolveDatabase(config: AppConfig, log: (message: string) => void): Promise<ResolvedDatabase> {
  if (config.databaseMigrationUrl && config.databaseUrl) {
    return { url: config.databaseMigrationUrl, runtimeUrl: config.databaseUrl, stop: async () => undefined };
  }
  if (config.databaseUrl) {
    return { url: config.databaseUrl, stop: async () => undefined };
  }
  log(`starting embedded PostgreSQL in ${config.dataDir}`);
  return startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPostgresPort,
    database: 'ccm',
    log: (line) => {
      if (/FATAL|ERROR|PANIC/.test(line)) log(line);
    },
  });
}
