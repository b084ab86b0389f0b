import { loadConfig } from '@app/config';
import { AuthFailureThrottle } from './auth-failure.throttle';

describe('AuthFailureThrottle', () => {
  let throttle: AuthFailureThrottle;
  beforeEach(() => {
    throttle = new AuthFailureThrottle(loadConfig({ CCM_AUTH_FAILURE_LIMIT: '3', CCM_AUTH_FAILURE_WINDOW_SECONDS: '60' }));
  });
  afterEach(() => throttle.onApplicationShutdown());

  it('blocks an address after its limit of failures, for the window, and not other addresses', async () => {
    for (let i = 0; i < 3; i += 1) expect(await throttle.failed('10.0.0.1', `ccm_a${i}`)).toBe(0);
    const wait = await throttle.failed('10.0.0.1', 'ccm_a9');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    expect(throttle.retryAfter('10.0.0.1', 'ccm_zz', undefined)).toBeGreaterThan(0);
    expect(throttle.retryAfter('10.0.0.2', 'ccm_zz', undefined)).toBe(0);
  });

  it('blocks a key prefix guessed from many addresses', async () => {
    for (let i = 0; i < 3; i += 1) await throttle.failed(`10.0.1.${i}`, 'ccm_target');
    expect(await throttle.failed('10.0.1.9', 'ccm_target')).toBeGreaterThan(0);
    expect(throttle.retryAfter('10.0.2.1', 'ccm_target', 'hash-of-a-guess')).toBeGreaterThan(0);
    expect(throttle.retryAfter('10.0.2.1', 'ccm_other', undefined)).toBe(0);
  });

  it('lets a key that authenticated lately through a blocked address and prefix', async () => {
    throttle.succeeded('hash-of-the-real-key');
    for (let i = 0; i < 5; i += 1) await throttle.failed('10.0.0.1', 'ccm_target');
    expect(throttle.retryAfter('10.0.0.1', 'ccm_target', 'hash-of-the-real-key')).toBe(0);
    expect(throttle.retryAfter('10.0.0.1', 'ccm_target', 'hash-of-a-guess')).toBeGreaterThan(0);
  });
});
