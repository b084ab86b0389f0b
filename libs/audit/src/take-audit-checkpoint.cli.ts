import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { openAuditStore, optionValues } from './audit-cli.support';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditLogRepository } from './audit-log.repository';
import { TakeAuditCheckpointUseCase } from './take-audit-checkpoint.use-case';

/**
 * `npm run audit:checkpoint [-- --out FILE]`: signs the audit chain's current
 * head, stores the checkpoint and prints it (or writes it to FILE, mode 0600) —
 * to be kept where the database's administrators cannot change it, and given
 * back to `audit:verify --checkpoint FILE`.
 */
async function main(): Promise<void> {
  const [out] = optionValues(process.argv.slice(2), 'out');
  const store = await openAuditStore();
  try {
    const take = new TakeAuditCheckpointUseCase(
      store.dataSource,
      new AuditLogRepository(store.dataSource, store.keys),
      new AuditCheckpointRepository(store.dataSource),
      store.keys,
    );
    const checkpoint = await take.execute();
    const json = `${JSON.stringify(checkpoint, null, 2)}\n`;
    if (out) {
      writeFileSync(out, json, { mode: 0o600 });
      console.error(`checkpoint of entry ${checkpoint.entryId} (${checkpoint.entries} entries) written to ${out}`);
    } else {
      process.stdout.write(json);
    }
  } finally {
    await store.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
