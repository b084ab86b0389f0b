import * as path from 'node:path';
import { resolveAuditKeys } from '@app/audit';
import { AppConfig, AuditKeyConfig } from '@app/config';
import { installJobQueueSchema } from '@app/jobs';
import { provisionRuntimeRole, readOrCreateSecret, resolveDatabase, runMigrations, runtimeRolePassword } from '@app/persistence';
import { unsharedSecrets } from './unshared-secrets';

/** What a process resolved before Nest starts: where the database is, the signing secret and the audit keys. */
export interface PlatformRuntime {
  readonly config: AppConfig;
  /** The least-privilege runtime role's connection (the owner's only when no such role could be set up). */
  readonly databaseUrl: string;
  readonly signingSecret: string;
  /** Newest first: the first links new audit entries and signs checkpoints. */
  readonly auditKeys: readonly AuditKeyConfig[];
  /** Stops what the runtime started (the embedded PostgreSQL), after the app has closed. */
  stop(): Promise<void>;
}

/**
 * Brings the database up (embedded when no DATABASE_URL), applies migrations
 * and installs pg-boss's schema (when it carries the jobs) as the owner, under an advisory lock, then
 * settles the secrets (CCM_SECRET and CCM_AUDIT_KEYS, or ones generated on first
 * start and kept in the data folder) and the role the runtime connects as.
 */
export async function prepareRuntime(config: AppConfig, log: (message: string) => void): Promise<PlatformRuntime> {
  const database = await resolveDatabase(config, log);
  try {
    const applied = await runMigrations(database.url);
    if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
    // pg-boss's tables only where pg-boss carries the jobs; the Redis driver needs job_outbox alone, a migration.
    if (config.drivers.queue === 'pgboss') await installJobQueueSchema(database.url);
    const unshared = unsharedSecrets(config);
    if (unshared.length) {
      log(`${unshared.join(', ')} unset: generated into ${config.dataDir}; every process on this database needs the same ones (set them, or share CCM_DATA_DIR)`);
    }
    const signingSecret = config.secret ?? (await readOrCreateSecret(path.join(config.dataDir, 'signing-secret'), undefined));
    const auditKeys = await resolveAuditKeys(config);
    const databaseUrl = database.runtimeUrl ?? (await runtimeRoleUrl(database.url, signingSecret, log));
    return { config, databaseUrl, signingSecret, auditKeys, stop: () => database.stop() };
  } catch (error) {
    await database.stop();
    throw error;
  }
}

async function runtimeRoleUrl(ownerUrl: string, signingSecret: string, log: (message: string) => void): Promise<string> {
  const role = await provisionRuntimeRole(ownerUrl, runtimeRolePassword(signingSecret));
  if (!('reason' in role)) return role.url;
  log(`running as the database owner, not a least-privilege role: ${role.reason}; see DATABASE_MIGRATION_URL in the README`);
  return ownerUrl;
}
