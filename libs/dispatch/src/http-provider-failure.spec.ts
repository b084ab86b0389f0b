import { classifyHttpFailure, classifyNetworkFailure, retryAfterOf } from './http-provider-failure';

const headers = (init: Record<string, string> = {}) => new Headers(init);

describe('what a provider answer means for the next try', () => {
  it('retries 5xx, 408 and 429, and gives up at once on other 4xx', () => {
    expect(classifyHttpFailure('twilio', 500, headers(), {}).permanent).toBe(false);
    expect(classifyHttpFailure('twilio', 503, headers(), {}).permanent).toBe(false);
    expect(classifyHttpFailure('twilio', 408, headers(), {}).permanent).toBe(false);
    expect(classifyHttpFailure('twilio', 429, headers(), {}).permanent).toBe(false);
    expect(classifyHttpFailure('twilio', 401, headers(), {}).permanent).toBe(true);
  });

  it("names Twilio's and Meta's own codes, permanent or throttling", () => {
    const invalid = classifyHttpFailure('twilio', 400, headers(), { code: 21211, message: "The 'To' number is not a valid phone number." });
    expect(invalid).toMatchObject({ permanent: true, details: { providerCode: 21211, status: 400 } });
    expect(invalid.message).toContain('21211');
    expect(classifyHttpFailure('twilio', 400, headers(), { code: 21610, message: 'unsubscribed' }).permanent).toBe(true);
    for (const code of [131026, 131051, 132000, 132001]) {
      expect(classifyHttpFailure('cloud-api', 400, headers(), { error: { code, message: 'no' } }).permanent).toBe(true);
    }
    expect(classifyHttpFailure('cloud-api', 400, headers(), { error: { code: 130429, message: 'Rate limit hit' } }).permanent).toBe(false);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(retryAfterOf('7', now)).toBe(7_000);
    expect(retryAfterOf('Thu, 03 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterOf('Thu, 03 Dec 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterOf('soon', now)).toBeUndefined();
    expect(retryAfterOf(null, now)).toBeUndefined();
    expect(classifyHttpFailure('twilio', 429, headers({ 'Retry-After': '3' }), {}, now).details.retryAfterMs).toBe(3_000);
  });

  it('retries a request that got no answer', () => {
    const timeout = classifyNetworkFailure('twilio', Object.assign(new Error('aborted'), { name: 'TimeoutError' }));
    expect(timeout).toMatchObject({ permanent: false, message: 'twilio request timed out' });
    const refused = classifyNetworkFailure('cloud-api', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
    expect(refused).toMatchObject({ permanent: false, message: 'cloud-api request ECONNREFUSED' });
  });
});
