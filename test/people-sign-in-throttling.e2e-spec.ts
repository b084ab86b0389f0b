import { startTestPlatform, TestPlatform } from './support/test-platform';

/** Guessing passwords, session tokens or invitation tokens is throttled like guessing keys. */
describe('sign-in throttling (e2e)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({
      CCM_ADMIN_EMAIL: 'admin@example.test',
      CCM_ADMIN_PASSWORD: 'first admin password 1',
      CCM_AUTH_FAILURE_LIMIT: '5',
      CCM_AUTH_FAILURE_WINDOW_SECONDS: '120',
      // Served over plain http (development): the cookies cannot be Secure, or no browser would send them back.
      CCM_PUBLIC_URL: 'http://studio.example.test',
    });
  });
  afterAll(() => platform.close());

  it('answers 429 with Retry-After after repeated wrong passwords, even for the right one, while a live session keeps working', async () => {
    const signedIn = await platform.http.post('/v1/session').send({ email: 'admin@example.test', password: 'first admin password 1' }).expect(200);
    const setCookies = signedIn.headers['set-cookie'] as unknown as string[];
    expect(setCookies.every((line) => !/;\s*secure/i.test(line))).toBe(true);
    const cookie = setCookies.find((c) => c.startsWith('ccm_session='))!.split(';')[0];
    await platform.http.get('/v1/users').set('Cookie', cookie).expect(200);

    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      statuses.push((await platform.http.post('/v1/session').send({ email: 'admin@example.test', password: `wrong password ${i}` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    const limited = await platform.http.post('/v1/session').send({ email: 'admin@example.test', password: 'first admin password 1' }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(120);
    expect(limited.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited.body).toMatchObject({ status: 429, code: 'rate_limited' });
    // The address is blocked for guessed session and invitation tokens too…
    await platform.http.get('/v1/session').set('Cookie', `ccm_session=${'A'.repeat(43)}`).expect(429);
    await platform.http.post('/v1/invitations/accept').send({ token: 'B'.repeat(43), name: 'X', password: 'a long enough password' }).expect(429);
    // …but a session that authenticated lately goes on working.
    await platform.http.get('/v1/users').set('Cookie', cookie).expect(200);
  });
});
