import { loadConfig } from '@app/config';
import { resolveDatabase } from './database';
import { runMigrations } from './migrator';

/** `npm run migrate`: applies migrations on their own, for production rollouts. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config, (line) => console.error(line));
  try {
    const applied = await runMigrations(database.url);
    console.log(JSON.stringify({ msg: 'migrations applied', applied }));
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
