import { Client } from 'pg';
import { startTestPlatform, TestPlatform } from './support/test-platform';

const ADMIN_EMAIL = 'admin@example.test';
const ADMIN_PASSWORD = 'first admin password 1';

interface Signed {
  readonly cookie: string;
  readonly csrf: string;
  readonly user: { id: string; email: string; name: string; roles: string[] };
}

/** Invitations, users administration, disabling, and four-eyes across sessions and keys. */
describe('studio users and invitations (e2e)', () => {
  let platform: TestPlatform;
  let admin: Signed;

  const signedFrom = (res: { headers: Record<string, unknown>; body: { csrfToken: string; user: Signed['user'] } }): Signed => {
    const session = ((res.headers['set-cookie'] as string[]) ?? []).find((line) => line.startsWith('ccm_session='))!;
    return { cookie: session.split(';')[0], csrf: res.body.csrfToken, user: res.body.user };
  };
  const logIn = async (email: string, password: string) => signedFrom(await platform.http.post('/v1/session').send({ email, password }).expect(200));
  const as = (who: Signed) => ({ Cookie: who.cookie, 'X-CSRF-Token': who.csrf });
  const invite = async (email: string, roles: string[], by = admin) =>
    (await platform.http.post('/v1/invitations').set(as(by)).send({ email, name: `Invited ${email}`, roles }).expect(201)).body as {
      id: string;
      email: string;
      roles: string[];
      inviteUrl: string;
      expiresAt: string;
    };
  const tokenOf = (inviteUrl: string) => new URL(inviteUrl).searchParams.get('token')!;
  const accept = async (inviteUrl: string, name: string, password: string) =>
    signedFrom(await platform.http.post('/v1/invitations/accept').send({ token: tokenOf(inviteUrl), name, password }).expect(201));
  const sql = async (text: string, values: unknown[] = []) => {
    const client = new Client({ connectionString: platform.databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    platform = await startTestPlatform({ CCM_ADMIN_EMAIL: ADMIN_EMAIL, CCM_ADMIN_PASSWORD: ADMIN_PASSWORD });
    admin = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(() => platform.close());

  it('invites a person with a single-use link that signs them in with the password they choose', async () => {
    const invitation = await invite('Mira.Marketer@example.test', ['marketer']);
    expect(invitation).toEqual({
      id: expect.any(String),
      email: 'Mira.Marketer@example.test',
      roles: ['marketer'],
      inviteUrl: expect.stringMatching(/^https:\/\/billing\.example\.test\/studio\/accept-invite\?token=[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
    });
    expect(new Date(invitation.expiresAt).getTime()).toBeGreaterThan(Date.now());
    // Only a hash of the token is stored.
    const stored = await sql(`SELECT token_hash FROM invitations WHERE id = $1`, [invitation.id]);
    expect(stored[0].token_hash).not.toContain(tokenOf(invitation.inviteUrl));

    const short = await platform.http.post('/v1/invitations/accept').send({ token: tokenOf(invitation.inviteUrl), name: 'Mira', password: 'too short' }).expect(422);
    expect(short.body.errors).toEqual([expect.objectContaining({ pointer: '/password' })]);

    const mira = await accept(invitation.inviteUrl, 'Mira Marketer', 'a long enough password');
    expect(mira.user).toMatchObject({ email: 'Mira.Marketer@example.test', name: 'Mira Marketer', roles: ['marketer'] });
    // A marketer has an author's template rights.
    const v1 = await platform.http.get('/v1/templates/invoice/versions/1').set(as(mira)).expect(200);
    await platform.http.post('/v1/templates/invoice/versions?from=1').set(as(mira)).send(v1.body).expect(201);
    await platform.http.get('/v1/users').set(as(mira)).expect(403);

    const again = await platform.http.post('/v1/invitations/accept').send({ token: tokenOf(invitation.inviteUrl), name: 'Someone', password: 'another long password' }).expect(409);
    expect(again.body.detail).toMatch(/used already/);
    await platform.http.post('/v1/invitations/accept').send({ token: 'x'.repeat(43), name: 'Someone', password: 'another long password' }).expect(404);
    await logIn('mira.marketer@example.test', 'a long enough password');
    // A user exists for that email now: no second invitation.
    await platform.http.post('/v1/invitations').set(as(admin)).send({ email: 'mira.marketer@EXAMPLE.test', name: 'Mira', roles: ['author'] }).expect(409);
  });

  it('lets one of two simultaneous accepts of a link through', async () => {
    const { inviteUrl } = await invite('twice@example.test', ['author']);
    const body = (name: string) => ({ token: tokenOf(inviteUrl), name, password: 'a long enough password' });
    const results = await Promise.all([
      platform.http.post('/v1/invitations/accept').send(body('First')),
      platform.http.post('/v1/invitations/accept').send(body('Second')),
    ]);
    expect(results.map((res) => res.status).sort()).toEqual([201, 409]);
    const users = await sql(`SELECT name FROM users WHERE email = 'twice@example.test'`);
    expect(users).toHaveLength(1);
  });

  it('refuses an expired invitation, and one replaced by a newer link', async () => {
    const first = await invite('late@example.test', ['author']);
    const second = await invite('late@example.test', ['author']);
    const replaced = await platform.http.post('/v1/invitations/accept').send({ token: tokenOf(first.inviteUrl), name: 'Late', password: 'a long enough password' }).expect(409);
    expect(replaced.body.detail).toMatch(/replaced/);
    await sql(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [second.id]);
    const expired = await platform.http.post('/v1/invitations/accept').send({ token: tokenOf(second.inviteUrl), name: 'Late', password: 'a long enough password' }).expect(409);
    expect(expired.body.detail).toMatch(/expired/);
    await platform.http.post('/v1/session').send({ email: 'late@example.test', password: 'a long enough password' }).expect(401);
  });

  it('validates invitations: roles, email and admin only', async () => {
    const bad = await platform.http.post('/v1/invitations').set(as(admin)).send({ email: 'not an email', name: 'X', roles: ['owner'] }).expect(422);
    expect(bad.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/email', '/roles']));
    const author = await platform.keyFor('author');
    await platform.http.post('/v1/invitations').set('Authorization', `Bearer ${author}`).send({ email: 'a@example.test', name: 'A', roles: ['author'] }).expect(403);
    // An admin key works as well as an admin session.
    const adminKey = await platform.keyFor('admin');
    await platform.http.post('/v1/invitations').set('Authorization', `Bearer ${adminKey}`).send({ email: 'keyed@example.test', name: 'K', roles: ['author'] }).expect(201);
  });

  it('lists users, changes roles, disables (ending sessions and keys) and enables again, audited', async () => {
    const ben = await accept((await invite('ben@example.test', ['author'])).inviteUrl, 'Ben', 'bens long password');
    const bensKey = (
      await platform.http.post('/v1/api-keys').set(as(admin)).send({ name: 'ben laptop', roles: ['author'], person: { email: 'ben@example.test', name: 'Ben' } }).expect(201)
    ).body.key as string;
    await platform.http.get('/v1/templates').set('Authorization', `Bearer ${bensKey}`).expect(200);

    const listed = await platform.http.get('/v1/users').set(as(admin)).expect(200);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        { id: admin.user.id, email: ADMIN_EMAIL, name: 'Admin', roles: ['admin'], createdAt: expect.any(String), disabled: false },
        { id: ben.user.id, email: 'ben@example.test', name: 'Ben', roles: ['author'], createdAt: expect.any(String), disabled: false },
      ]),
    );
    // The users' sign-ins are not listed as API keys.
    const keys = await platform.http.get('/v1/api-keys').set(as(admin)).expect(200);
    expect(keys.body.map((k: { name: string }) => k.name)).not.toContain('sign-in of ben@example.test');

    const changed = await platform.http.patch(`/v1/users/${ben.user.id}`).set(as(admin)).send({ roles: ['reviewer'] }).expect(200);
    expect(changed.body).toMatchObject({ roles: ['reviewer'], disabled: false });
    // The session takes the new roles on its next request.
    await platform.http.post('/v1/templates').set(as(ben)).send({ key: 'bens-template', kind: 'invoice', name: 'x' }).expect(403);
    await platform.http.get('/v1/reviews').set(as(ben)).expect(200);

    await platform.http.patch(`/v1/users/${ben.user.id}`).set(as(admin)).send({ disabled: true }).expect(200);
    await platform.http.get('/v1/reviews').set(as(ben)).expect(401);
    await platform.http.get('/v1/templates').set('Authorization', `Bearer ${bensKey}`).expect(401);
    await platform.http.post('/v1/session').send({ email: 'ben@example.test', password: 'bens long password' }).expect(401);

    await platform.http.patch(`/v1/users/${ben.user.id}`).set(as(admin)).send({ disabled: false }).expect(200);
    await platform.http.get('/v1/reviews').set(as(ben)).expect(401); // its sessions ended for good
    await platform.http.get('/v1/templates').set('Authorization', `Bearer ${bensKey}`).expect(200);
    await logIn('ben@example.test', 'bens long password');

    const self = await platform.http.patch(`/v1/users/${admin.user.id}`).set(as(admin)).send({ disabled: true }).expect(422);
    expect(self.body.errors).toEqual([expect.objectContaining({ pointer: '/disabled' })]);
    await platform.http.patch(`/v1/users/${admin.user.id}`).set(as(admin)).send({ roles: ['author'] }).expect(422);
    await platform.http.patch(`/v1/users/${ben.user.id}`).set(as(admin)).send({ roles: [] }).expect(422);
    await platform.http.patch(`/v1/users/00000000-0000-4000-8000-000000000000`).set(as(admin)).send({ disabled: true }).expect(404);
    await platform.http.patch(`/v1/users/${ben.user.id}`).set({ Cookie: admin.cookie }).send({ disabled: true }).expect(403);

    const audit = await platform.http.get(`/v1/audit?subjectId=${ben.user.id}`).set(as(admin)).expect(200);
    expect(audit.body.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.roles_changed', 'user.disabled', 'user.enabled']),
    );
    const invited = await platform.http.get(`/v1/audit?action=user.invited`).set(as(admin)).expect(200);
    expect(invited.body.length).toBeGreaterThan(0);
  });

  it('ends a session left idle too long', async () => {
    const idle = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await sql(`UPDATE user_sessions SET last_seen_at = now() - interval '1 day' WHERE csrf_token = $1`, [idle.csrf]);
    await platform.http.get('/v1/session').set('Cookie', idle.cookie).expect(401);
    const old = await logIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    await sql(`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE csrf_token = $1`, [old.csrf]);
    await platform.http.get('/v1/templates').set('Cookie', old.cookie).expect(401);
    // Only the token's hash is kept.
    const [{ count }] = await sql(`SELECT count(*)::int AS count FROM user_sessions WHERE token_hash = $1`, [old.cookie.split('=')[1]]);
    expect(count).toBe(0);
  });

  describe('four-eyes', () => {
    const approvePath = (n: number) => `/v1/templates/invoice/versions/${n}/approve`;

    it('an author cannot approve their own version through a session nor any key of theirs; the inviter cannot either', async () => {
      const alice = await accept((await invite('alice@example.test', ['author', 'reviewer'])).inviteUrl, 'Alice', 'alices long password');
      const rita = await accept((await invite('rita@example.test', ['reviewer'])).inviteUrl, 'Rita', 'ritas long password');
      const v1 = await platform.http.get('/v1/templates/invoice/versions/1').set(as(alice)).expect(200);
      v1.body.messages.en['invoice.greeting'] = 'Dear {name}, from the studio';
      const draft = await platform.http.post('/v1/templates/invoice/versions?from=1').set(as(alice)).send(v1.body).expect(201);
      const n = draft.body.number as number;
      await platform.http.post(`/v1/templates/invoice/versions/${n}/submit`).set(as(alice)).expect(200);

      const own = await platform.http.post(approvePath(n)).set(as(alice)).send({}).expect(403);
      expect(own.body.detail).toMatch(/Four-eyes/);
      // A key issued to Alice's email is Alice, whoever issued it.
      const otherAdmin = await platform.keyFor('admin');
      const alicesKey = (
        await platform.http
          .post('/v1/api-keys')
          .set('Authorization', `Bearer ${otherAdmin}`)
          .send({ name: 'alice ci', roles: ['reviewer'], person: { email: 'ALICE@example.test', name: 'Alice' } })
          .expect(201)
      ).body;
      expect(alicesKey.identity.id).toBeDefined();
      await platform.http.post(approvePath(n)).set('Authorization', `Bearer ${alicesKey.key}`).send({}).expect(403);
      // The admin held Alice's invitation link, so could have chosen her password: like a key's issuer, they may not approve.
      const inviter = await platform.http.post(approvePath(n)).set(as(admin)).send({}).expect(403);
      expect(inviter.body.detail).toMatch(/issued a key the author holds/);

      const approved = await platform.http.post(approvePath(n)).set(as(rita)).send({ comment: 'Fine', publish: false }).expect(200);
      expect(approved.body).toMatchObject({ status: 'approved' });
      const [version] = await sql(`SELECT author, approved_by FROM template_versions v JOIN templates t ON t.id = v.template_id WHERE t.key = 'invoice' AND v.number = $1`, [n]);
      const [ids] = await sql(`SELECT (SELECT identity_id::text FROM users WHERE email = 'alice@example.test') AS alice, (SELECT identity_id::text FROM users WHERE email = 'rita@example.test') AS rita`);
      expect(version).toEqual({ author: ids.alice, approved_by: ids.rita });
      expect(alicesKey.identity.id).toBe(ids.alice);
    });
  });
});
