import * as path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, RunningDatabase } from '../../libs/persistence/src/embedded-postgres.server';
import { runMigrations } from '../../libs/persistence/src/migrator';
import { withDatabase } from './database-url';
import { createRunFolder, removeAbandonedRunFolders } from './test-run-folder';

/**
 * Integration and e2e tests run against a real PostgreSQL: the server named by
 * DATABASE_URL when set, otherwise an embedded one in a temporary folder. The
 * real migrations are applied once to a template database that each test file
 * clones (CREATE DATABASE … TEMPLATE), which is far faster than migrating again.
 */
export default async function globalSetup(): Promise<void> {
  await removeAbandonedRunFolders();
  const runFolder = createRunFolder();
  // Test files run in workers started after this; they, and whatever they start, inherit
  // it, so every os.tmpdir() of this run lands in the folder global teardown removes.
  process.env.TMPDIR = runFolder;
  (globalThis as Record<string, unknown>).__ccmTestRunFolder = runFolder;

  let server: RunningDatabase;
  if (process.env.DATABASE_URL) {
    server = { url: process.env.DATABASE_URL, stop: async () => undefined };
  } else {
    const dataDir = path.join(runFolder, 'postgres');
    const port = 55000 + Math.floor(Math.random() * 5000);
    server = await startEmbeddedPostgres({ dataDir, port, database: 'postgres' });
  }
  const templateName = `ccm_test_template_${process.pid}`;
  const admin = new Client({ connectionString: withDatabase(server.url, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateName}`);
  await admin.query(`CREATE DATABASE ${templateName}`);
  await admin.end();
  await runMigrations(withDatabase(server.url, templateName));

  process.env.CCM_TEST_SERVER_URL = server.url;
  process.env.CCM_TEST_TEMPLATE_DB = templateName;
  (globalThis as Record<string, unknown>).__ccmTestServer = server;
}
