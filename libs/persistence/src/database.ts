import { AppConfig } from '@app/config';
import { RunningDatabase, startEmbeddedPostgres } from './embedded-postgres.server';

/**
 * The database this process talks to: the server named by DATABASE_URL, or an
 * embedded PostgreSQL in the data folder when none is configured.
 */
export async function resolveDatabase(config: AppConfig, log: (message: string) => void): Promise<RunningDatabase> {
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
