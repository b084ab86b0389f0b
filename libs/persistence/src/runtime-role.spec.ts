import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '../../../test/support/test-database';
import { provisionRuntimeRole, runtimeLoginRole } from './runtime-role';

async function asUser<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('runtime role (real PostgreSQL)', () => {
  it('is set up once however many processes ask together, and is no superuser', async () => {
    const ownerUrl = await createTestDatabase();
    const password = randomBytes(16).toString('hex');
    const results = await Promise.all([1, 2, 3].map(() => provisionRuntimeRole(ownerUrl, password)));
    const urls = results.map((result) => ('url' in result ? result.url : result.reason));
    expect(new Set(urls).size).toBe(1);
    const me = await asUser(urls[0], async (client) => (await client.query('SELECT current_user AS name, rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user')).rows[0]);
    expect(me).toEqual({ name: runtimeLoginRole(new URL(ownerUrl).pathname.slice(1)), rolsuper: false, rolcreaterole: false });
  });

  it('says why when the owner may not create roles, so the platform can run as the owner and tell', async () => {
    const ownerUrl = await createTestDatabase();
    const name = `ccm_plain_${randomBytes(4).toString('hex')}`;
    await asUser(ownerUrl, (client) => client.query(`CREATE ROLE ${name} LOGIN PASSWORD 'plain-password'`));
    const plain = new URL(ownerUrl);
    plain.username = name;
    plain.password = 'plain-password';
    expect(await provisionRuntimeRole(plain.toString(), 'whatever')).toEqual({ reason: 'the database user may not create roles' });
  });
});
