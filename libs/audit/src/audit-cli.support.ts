import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { resolveDatabase } from '@app/persistence';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditKeyRing, resolveAuditKeys } from './audit-key-ring';

/** The configured database and audit keys, for a command-line tool; `stop` releases both. */
export async function openAuditStore(): Promise<{ dataSource: DataSource; keys: AuditKeyRing; stop(): Promise<void> }> {
  const config = loadConfig();
  const database = await resolveDatabase(config, (line) => console.error(line));
  const dataSource = new DataSource({ type: 'postgres', url: database.url, entities: [AuditEntryEntity, AuditCheckpointEntity], synchronize: false, logging: false });
  try {
    await dataSource.initialize();
    return {
      dataSource,
      keys: new AuditKeyRing(await resolveAuditKeys(config)),
      stop: async () => {
        await dataSource.destroy();
        await database.stop();
      },
    };
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
    throw error;
  }
}

/** Every value given to `--name` (as `--name value` or `--name=value`). */
export function optionValues(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  args.forEach((arg, i) => {
    if (arg === `--${name}` && args[i + 1] !== undefined) values.push(args[i + 1]);
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  });
  return values;
}
