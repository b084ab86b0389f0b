import * as path from 'node:path';
import { AppConfig } from '@app/config';
import { readOrCreateSecret, resolveDatabase, runMigrations } from '@app/persistence';

/** What a process resolved before Nest starts: where the database is and the signing secret. */
export interface PlatformRuntime {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  readonly signingSecret: string;
  /** Stops what the runtime started (the embedded PostgreSQL), after the app has closed. */
  stop(): Promise<void>;
}

/**
 * Brings the database up (embedded when no DATABASE_URL), applies migrations
 * under an advisory lock, and settles the signing secret: CCM_SECRET, or one
 * generated on first start and kept in the data folder so links stay valid
 * across restarts.
 */
export async function prepareRuntime(config: AppConfig, log: (message: string) => void): Promise<PlatformRuntime> {
  const database = await resolveDatabase(config, log);
  try {
    const applied = await runMigrations(database.url);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    const signingSecret = config.secret ?? (await readOrCreateSecret(path.join(config.dataDir, 'signing-secret'), undefined));
    return { config, databaseUrl: database.url, signingSecret, stop: () => database.stop() };
  } catch (error) {
    await database.stop();
    throw error;
  }
}
