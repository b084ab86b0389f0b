import { Client } from 'pg';
import type { RunningDatabase } from '../../libs/persistence/src/embedded-postgres.server';
import { withDatabase } from './database-url';
import { removeRunFolder } from './test-run-folder';

export default async function globalTeardown(): Promise<void> {
  const runFolder = (globalThis as Record<string, unknown>).__ccmTestRunFolder as string | undefined;
  try {
    await stopServer();
  } finally {
    if (runFolder) await removeRunFolder(runFolder);
  }
}

async function stopServer(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__ccmTestServer as RunningDatabase | undefined;
  if (!server) return;
  if (process.env.DATABASE_URL) {
    // A shared server keeps running: remove only what this run created.
    const admin = new Client({ connectionString: withDatabase(server.url, 'postgres') });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1`,
      [`ccm_test_%_${process.pid}%`],
    );
    for (const { datname } of rows) {
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await admin.end();
  }
  await server.stop();
}
