import { scryptSync } from 'node:crypto';
import { Client } from 'pg';
import { startTestPlatform, TestPlatform } from './support/test-platform';

const ADMIN_EMAIL = 'Ada.Admin@Example.test';
const ADMIN_PASSWORD = 'first admin password 1';

/** What the browser keeps of the Set-Cookie headers: name → value and attributes. */
function cookiesOf(headers: Record<string, unknown>): Map<string, { value: string; attributes: string[] }> {
  const raw = (headers['set-cookie'] as string[] | undefined) ?? [];
  return new Map(
    raw.map((line) => {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      return [pair.slice(0, at), { value: pair.slice(at + 1), attributes: attributes.map((a) => a.toLowerCase()) }];
    }),
  );
}

/** Studio sign-in: cookies, CSRF, sessions on existing routes, sign-out. */
describe('studio sessions (e2e)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({ CCM_ADMIN_EMAIL: ADMIN_EMAIL, CCM_ADMIN_PASSWORD: ADMIN_PASSWORD });
  });
  afterAll(() => platform.close());

  const logIn = async (email = ADMIN_EMAIL, password = ADMIN_PASSWORD) => {
    const res = await platform.http.post('/v1/session').send({ email, password }).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const cookies = cookiesOf(res.headers);
    return { body: res.body, cookies, cookie: `ccm_session=${cookies.get('ccm_session')!.value}`, csrf: res.body.csrfToken as string };
  };

  it('signs in with email and password, setting HttpOnly, SameSite=Strict, Secure cookies', async () => {
    // The email is matched without regard to case.
    const { body, cookies } = await logIn(ADMIN_EMAIL.toLowerCase());
    expect(body).toEqual({
      user: { id: expect.any(String), identityId: expect.any(String), email: ADMIN_EMAIL, name: 'Admin', roles: ['admin'] },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const session = cookies.get('ccm_session')!;
    expect(session.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/', 'secure']));
    const csrf = cookies.get('ccm_csrf')!;
    expect(csrf.value).toBe(body.csrfToken);
    expect(csrf.attributes).toEqual(expect.arrayContaining(['samesite=strict', 'path=/', 'secure']));
    expect(csrf.attributes).not.toContain('httponly');
  });

  it('answers a wrong password and an unknown email alike, 401 problem+json', async () => {
    const wrong = await platform.http.post('/v1/session').send({ email: ADMIN_EMAIL, password: 'not the password at all' }).expect(401);
    const unknown = await platform.http.post('/v1/session').send({ email: 'nobody@example.test', password: 'not the password at all' }).expect(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect({ ...wrong.body, requestId: undefined, instance: undefined }).toEqual({ ...unknown.body, requestId: undefined, instance: undefined });
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const missing = await platform.http.post('/v1/session').send({ email: ADMIN_EMAIL }).expect(422);
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/password' })]));
  });

  it('reads the session back, with its CSRF token; 401 without one', async () => {
    const { cookie, csrf, body } = await logIn();
    const res = await platform.http.get('/v1/session').set('Cookie', cookie).expect(200);
    expect(res.body).toEqual({ user: body.user, csrfToken: csrf });
    await platform.http.get('/v1/session').expect(401);
    const ended = await platform.http.get('/v1/session').set('Cookie', `ccm_session=${'A'.repeat(43)}`).expect(401);
    expect(cookiesOf(ended.headers).get('ccm_session')?.value).toBe('');
  });

  it('lets the session call existing routes, and refuses changes without the CSRF token', async () => {
    const { cookie, csrf } = await logIn();
    await platform.http.get('/v1/templates').set('Cookie', cookie).expect(200);
    await platform.http.post('/v1/templates').set('Cookie', cookie).send({ key: 'session-made', kind: 'invoice', name: 'Made in the studio' }).expect(403);
    const wrong = await platform.http
      .post('/v1/templates')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))
      .send({ key: 'session-made', kind: 'invoice', name: 'Made in the studio' })
      .expect(403);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.body.detail).toMatch(/X-CSRF-Token/);
    await platform.http
      .post('/v1/templates')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf)
      .send({ key: 'session-made', kind: 'invoice', name: 'Made in the studio' })
      .expect(201);
    const v1 = await platform.http.get('/v1/templates/invoice/versions/1').set('Cookie', cookie).expect(200);
    const draft = await platform.http.post('/v1/templates/invoice/versions?from=1').set('Cookie', cookie).set('X-CSRF-Token', csrf).send(v1.body).expect(201);
    expect(draft.body).toMatchObject({ status: 'draft' });
    // Another session's token does not open this one.
    const other = await logIn();
    await platform.http.post('/v1/templates').set('Cookie', cookie).set('X-CSRF-Token', other.csrf).send({ key: 'session-other', kind: 'invoice', name: 'x' }).expect(403);
  });

  it('signs out: 204, cookies cleared, the session no longer works', async () => {
    const { cookie, csrf } = await logIn();
    await platform.http.delete('/v1/session').set('Cookie', cookie).expect(403);
    const res = await platform.http.delete('/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrf).expect(204);
    const cleared = cookiesOf(res.headers);
    expect(cleared.get('ccm_session')!.value).toBe('');
    expect(cleared.get('ccm_session')!.attributes.join(';')).toMatch(/expires=thu, 01 jan 1970/);
    expect(cleared.get('ccm_csrf')!.value).toBe('');
    await platform.http.get('/v1/session').set('Cookie', cookie).expect(401);
    await platform.http.get('/v1/templates').set('Cookie', cookie).expect(401);
  });

  it('redoes a password hash made with weaker scrypt parameters at the next sign-in, and forgets long-ended sessions', async () => {
    const client = new Client({ connectionString: platform.databaseUrl });
    await client.connect();
    try {
      const salt = Buffer.from('weak-salt-123456');
      const weak = `scrypt$16384$8$1$${salt.toString('base64url')}$${scryptSync(ADMIN_PASSWORD, salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64url')}`;
      await client.query(`UPDATE users SET password_hash = $1 WHERE lower(email) = lower($2)`, [weak, ADMIN_EMAIL]);
      await client.query(`UPDATE user_sessions SET expires_at = now() - interval '31 days'`);
      await logIn();
      const { rows } = await client.query(`SELECT password_hash FROM users WHERE lower(email) = lower($1)`, [ADMIN_EMAIL]);
      expect(rows[0].password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      const sessions = await client.query(`SELECT count(*)::int AS n FROM user_sessions`);
      expect(sessions.rows[0].n).toBe(1);
      await logIn();
    } finally {
      await client.end();
    }
  });

  it('keeps API keys working, and a bearer key wins over a cookie', async () => {
    const billing = await platform.keyFor('billing');
    const { cookie } = await logIn();
    // The billing key cannot list templates, even with an admin's session cookie beside it.
    await platform.http.get('/v1/templates').set('Authorization', `Bearer ${billing}`).set('Cookie', cookie).expect(403);
  });

  it('documents the people routes in the OpenAPI description that clients are generated from', async () => {
    const { body } = await platform.http.get('/docs-json').expect(200);
    const operations = (route: string) => Object.keys(body.paths[route] ?? {}).sort();
    expect(operations('/v1/session')).toEqual(['delete', 'get', 'post']);
    expect(operations('/v1/invitations')).toEqual(['post']);
    expect(operations('/v1/invitations/accept')).toEqual(['post']);
    expect(operations('/v1/users')).toEqual(['get']);
    expect(operations('/v1/users/{id}')).toEqual(['patch']);
    const schemas = body.components.schemas;
    expect(Object.keys(schemas.SessionDto.properties).sort()).toEqual(['csrfToken', 'user']);
    expect(schemas.SessionUserDto.properties.roles.items.enum).toEqual(['admin', 'billing', 'author', 'marketer', 'reviewer']);
    expect(schemas.LogInDto.required).toEqual(['email', 'password']);
    expect(schemas.AcceptInvitationDto.required).toEqual(['token', 'name', 'password']);
    expect(Object.keys(schemas.InvitationDto.properties).sort()).toEqual(['email', 'expiresAt', 'id', 'inviteUrl', 'roles']);
    expect(Object.keys(schemas.UserDto.properties).sort()).toEqual(['createdAt', 'disabled', 'email', 'id', 'name', 'roles']);
    expect(body.paths['/v1/users'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/UserListDto' });
    expect(body.components.securitySchemes.ccm_session).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'ccm_session' });
    expect(body.paths['/v1/templates'].get.security).toEqual(expect.arrayContaining([{ ccm_session: [] }]));
  });
});
