import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { BootstrapFirstAdminUseCase } from '../libs/auth/src';
import { APP_CONFIG, AppConfig } from '../libs/config/src';
import { startTestPlatform, TestPlatform } from './support/test-platform';

async function sql(databaseUrl: string, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('first admin (e2e)', () => {
  describe('without CCM_ADMIN_EMAIL', () => {
    let platform: TestPlatform;
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ccm-test-first-admin-'));
    const file = path.join(dataDir, 'first-admin-invite.txt');

    beforeAll(async () => {
      platform = await startTestPlatform({ CCM_DATA_DIR: dataDir });
    });
    afterAll(() => platform.close());

    it('writes an invitation for the first admin to the data folder, kept across starts until it is used', async () => {
      const link = readFileSync(file, 'utf8').trim();
      expect(link).toMatch(/^https:\/\/billing\.example\.test\/studio\/accept-invite\?token=[A-Za-z0-9_-]{43}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      // A second start (or a second process) hands out the same link.
      expect(await platform.app.get(BootstrapFirstAdminUseCase).execute()).toEqual({ kind: 'invited', inviteUrl: link, file });
      expect(await sql(platform.databaseUrl, `SELECT count(*)::int AS n FROM invitations`)).toEqual([{ n: 1 }]);

      const token = new URL(link).searchParams.get('token');
      const accepted = await platform.http.post('/v1/invitations/accept').send({ token, name: 'First Admin', password: 'the first admins password' }).expect(201);
      // The link names no email: without one, the admin signs in as admin@<host of CCM_PUBLIC_URL>.
      expect(accepted.body.user).toMatchObject({ email: 'admin@billing.example.test', name: 'First Admin', roles: ['admin'] });
      await platform.http.post('/v1/session').send({ email: 'admin@billing.example.test', password: 'the first admins password' }).expect(200);

      expect(await platform.app.get(BootstrapFirstAdminUseCase).execute()).toEqual({ kind: 'exists' });
      expect(existsSync(file)).toBe(false);
    });
  });

  describe('with CCM_ADMIN_EMAIL and CCM_ADMIN_PASSWORD', () => {
    let platform: TestPlatform;

    beforeAll(async () => {
      platform = await startTestPlatform({ CCM_ADMIN_EMAIL: 'ops@example.test', CCM_ADMIN_PASSWORD: 'operations password' });
    });
    afterAll(() => platform.close());

    it('creates that admin, and resets their password, admin role and access at the next start', async () => {
      const signIn = () => platform.http.post('/v1/session').send({ email: 'ops@example.test', password: 'operations password' });
      const first = await signIn().expect(200);
      expect(first.body.user).toMatchObject({ email: 'ops@example.test', roles: ['admin'] });
      const cookie = (first.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('ccm_session='))!.split(';')[0];
      expect(await platform.app.get(BootstrapFirstAdminUseCase).execute()).toEqual({ kind: 'configured', email: 'ops@example.test', change: 'unchanged' });

      // Someone changed the password, dropped the admin role and disabled the user:
      const otherHash = `scrypt$16$1$1$${Buffer.alloc(16, 1).toString('base64url')}$${Buffer.alloc(32).toString('base64url')}`;
      await sql(platform.databaseUrl, `UPDATE users SET password_hash = $1, roles = '{author}', disabled = true WHERE email = 'ops@example.test'`, [otherHash]);
      await signIn().expect(401);
      expect(await platform.app.get(BootstrapFirstAdminUseCase).execute()).toEqual({ kind: 'configured', email: 'ops@example.test', change: 'reset' });
      const again = await signIn().expect(200);
      expect(again.body.user.roles).toEqual(['author', 'admin']);
      // Sessions from before the password was reset are over.
      await platform.http.get('/v1/session').set('Cookie', cookie).expect(401);
      const audit = await platform.http.get('/v1/audit?action=user.reset').set('Authorization', `Bearer ${await platform.keyFor('reviewer')}`).expect(200);
      expect(audit.body).toHaveLength(1);
      expect(existsSync(path.join(platform.app.get<AppConfig>(APP_CONFIG).dataDir, 'first-admin-invite.txt'))).toBe(false);
    });
  });
});
