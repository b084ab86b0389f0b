import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from './database-url';

/**
 * A fresh, fully migrated database for one test file, cloned from the
 * template that global setup migrated. Returns its URL.
 */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = required('CCM_TEST_SERVER_URL');
  const template = required('CCM_TEST_TEMPLATE_DB');
  const name = template.replace('ccm_test_template_', `ccm_test_${randomBytes(4).toString('hex')}_`);
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  return withDatabase(serverUrl, name);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through jest's global setup`);
  return value;
}
