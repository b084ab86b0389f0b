import { startTestPlatform, TestPlatform } from './support/test-platform';

/** Failed authentication is rate-limited (429 + Retry-After) while valid keys keep working. */
describe('authentication throttling (e2e)', () => {
  let platform: TestPlatform;
  let billing: string;
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

  beforeAll(async () => {
    platform = await startTestPlatform({ CCM_AUTH_FAILURE_LIMIT: '10', CCM_AUTH_FAILURE_WINDOW_SECONDS: '120' });
    billing = await platform.keyFor('billing');
    await platform.http.get('/v1/templates').set(auth(billing)).expect(403);
  });
  afterAll(() => platform.close());

  it('answers 429 with Retry-After once an address keeps failing, and keeps serving valid keys', async () => {
    const statuses: number[] = [];
    let limited: { headers: Record<string, string>; body: Record<string, unknown> } | undefined;
    for (let i = 0; i < 40; i += 1) {
      const res = await platform.http.get('/v1/api-keys').set(auth(`ccm_wrong-key-${i}-${'x'.repeat(40)}`));
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
      // Interleaved: the real key is served all along.
      if (i % 10 === 9) await platform.http.get('/v1/documents/00000000-0000-4000-8000-000000000000').set(auth(billing)).expect(404);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(30).fill(429));
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(120);
    expect(limited!.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(limited!.body).toMatchObject({ status: 429, code: 'rate_limited' });
    // No key at all counts as a failure too, and is limited the same way.
    await platform.http.get('/v1/templates').expect(429);
    await platform.http.get('/health').expect(200);
  });
});
