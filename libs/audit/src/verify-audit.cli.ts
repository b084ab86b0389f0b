import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { resolveDatabase } from '@app/persistence';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditLog } from './audit-log.service';

/**
 * `npm run audit:verify`: recomputes the audit chain against the configured
 * database and prints the result as JSON. Exits 0 when the chain holds, 2 when
 * an entry is broken (naming it), 1 when the check itself could not run.
 */
async function main(): Promise<number> {
  const config = loadConfig();
  const database = await resolveDatabase(config, (line) => console.error(line));
  const dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [AuditEntryEntity], synchronize: false, logging: false });
  try {
    await dataSource.initialize();
    const result = await new AuditLog(dataSource).verify();
    console.log(JSON.stringify(result));
    return result.ok ? 0 : 2;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
