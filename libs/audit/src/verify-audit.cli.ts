import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { DomainError } from '@app/kernel';
import { openAuditStore, optionValues } from './audit-cli.support';
import { AuditCheckpoint, parseCheckpoint } from './audit-checkpoint';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditLogRepository } from './audit-log.repository';
import { VerifyAuditChainUseCase } from './verify-audit-chain.use-case';

/**
 * `npm run audit:verify [-- --checkpoint FILE ...]`: recomputes the audit chain
 * with the audit keys against the configured database, checks it against every
 * checkpoint stored beside it and every exported one given, and prints the
 * result as JSON. Exits 0 when it holds, 2 when it does not (naming the entry or
 * the checkpoint), 1 when the check itself could not run.
 */
async function main(): Promise<number> {
  const exported = optionValues(process.argv.slice(2), 'checkpoint').flatMap(readCheckpoints);
  const store = await openAuditStore();
  try {
    const verify = new VerifyAuditChainUseCase(
      new AuditLogRepository(store.dataSource, store.keys),
      new AuditCheckpointRepository(store.dataSource),
      store.keys,
    );
    const result = await verify.execute(exported);
    console.log(JSON.stringify(result));
    return result.ok ? 0 : 2;
  } finally {
    await store.stop();
  }
}

/** A file holds one checkpoint (as `audit:checkpoint` writes it) or an array of them (as the API's list of checkpoints returns them). */
function readCheckpoints(file: string): AuditCheckpoint[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  const list = Array.isArray(parsed) ? parsed : [parsed];
  try {
    return list.map((item, i) => parseCheckpoint(item, Array.isArray(parsed) ? `/${i}` : ''));
  } catch (error) {
    if (error instanceof DomainError) throw new Error(`${file}: ${error.message}: ${error.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')}`);
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
