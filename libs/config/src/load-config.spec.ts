import { ConfigError, describeConfig, loadConfig } from './load-config';

const STRONG_KEY = 'ccm_kQ3v9XbT2mLr8ZpW5sYc1NfH7dJ0aGeU';

describe('loadConfig', () => {
  it('applies documented defaults for an empty environment', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/srv/app/.data');
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect([...config.processes]).toEqual(['api', 'worker']);
    expect(config.limits.idempotencyTtlHours).toBe(24);
  });

  it('chooses PostgreSQL, pg-boss and Chromium unless told otherwise', () => {
    expect(loadConfig({}, '/srv/app').drivers).toEqual({ queue: 'pgboss', pdfEngine: 'chromium', assetStore: 'postgres', blobStore: 'postgres', emailTransport: 'outbox', smsTransport: 'outbox', whatsappTransport: 'outbox' });
  });

  it('takes the driver a variable names and refuses one that does not exist', () => {
    expect(loadConfig({ CCM_BLOB_STORE: 'filesystem', CCM_ASSET_STORE: 'memory' }).drivers).toMatchObject({ blobStore: 'filesystem', assetStore: 'memory' });
    expect(() => loadConfig({ CCM_BLOB_STORE: 's3' })).toThrow(/CCM_BLOB_STORE must be one of postgres, filesystem \(got "s3"\)/);
    expect(() => loadConfig({ CCM_QUEUE: 'rabbitmq' })).toThrow(/CCM_QUEUE must be one of pgboss, redis/);
  });

  it('takes the Redis queue only with a redis:// or rediss:// REDIS_URL, and a prefix of safe characters', () => {
    const config = loadConfig({ CCM_QUEUE: 'redis', REDIS_URL: 'rediss://:s3cret-pass@cache.internal:6380/2', CCM_REDIS_PREFIX: 'ccm-eu' });
    expect(config.drivers.queue).toBe('redis');
    expect(config.redisPrefix).toBe('ccm-eu');
    expect(loadConfig({}).redisPrefix).toBe('ccm');
    expect(JSON.stringify(describeConfig(config))).not.toContain('s3cret-pass');
    expect(() => loadConfig({ CCM_QUEUE: 'redis' })).toThrow(/CCM_QUEUE=redis needs REDIS_URL/);
    expect(() => loadConfig({ CCM_QUEUE: 'redis', REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL must use redis: or rediss:/);
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL is not a valid URL/);
    expect(() => loadConfig({ CCM_REDIS_PREFIX: 'a b{c}' })).toThrow(/CCM_REDIS_PREFIX must be letters, digits/);
  });

  it('gives a worker-only process a metrics port only when asked', () => {
    expect(loadConfig({}).worker.metricsPort).toBeUndefined();
    expect(loadConfig({ CCM_WORKER_METRICS_PORT: '9464' }).worker.metricsPort).toBe(9464);
    expect(() => loadConfig({ CCM_WORKER_METRICS_PORT: 'prometheus' })).toThrow(/CCM_WORKER_METRICS_PORT must be an integer/);
  });

  it('reports every invalid variable at once', () => {
    const attempt = () => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', CCM_SECRET: 'short' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(3);
    }
  });

  it('never lets secrets reach a log line', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://app:hunter2@db/ccm',
      DATABASE_MIGRATION_URL: 'postgres://owner:correct-horse@db/ccm',
      CCM_ADMIN_KEY: STRONG_KEY,
      CCM_SECRET: 'b'.repeat(40),
      CCM_AUDIT_KEYS: `k2:${'c'.repeat(32)},k1:${'d'.repeat(32)}`,
    });
    const logged = JSON.stringify(describeConfig(config));
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('correct-horse');
    expect(logged).not.toContain(STRONG_KEY);
    expect(logged).not.toContain('b'.repeat(40));
    expect(logged).not.toContain('c'.repeat(32));
    expect(logged).toContain('db/ccm');
  });

  it('refuses a guessable admin key, however long, and takes a random one', () => {
    for (const weak of ['short-but-random-9f3k', 'a'.repeat(40), 'abcabcabcabcabcabcabcabcabcabcabcabc', 'aaaaaaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb']) {
      expect(() => loadConfig({ CCM_ADMIN_KEY: weak })).toThrow(/CCM_ADMIN_KEY/);
    }
    expect(loadConfig({ CCM_ADMIN_KEY: STRONG_KEY }).adminKey).toBe(STRONG_KEY);
    // 32 random hex characters (128 bits) are strong enough.
    expect(loadConfig({ CCM_ADMIN_KEY: '9f86d081884c7d659a2feaa0c55ad015' }).adminKey).toBeDefined();
  });

  it('takes the first admin as an email and password together, and never shows the password', () => {
    const config = loadConfig({ CCM_ADMIN_EMAIL: 'ops@example.com', CCM_ADMIN_PASSWORD: ' long enough secret ' });
    expect(config.firstAdmin).toEqual({ email: 'ops@example.com', password: ' long enough secret ' });
    expect(JSON.stringify(describeConfig(config))).not.toContain('long enough secret');
    expect(loadConfig({}).firstAdmin).toBeUndefined();
    expect(loadConfig({}).sessions).toEqual({ idleMinutes: 120, maxHours: 12 });
    expect(loadConfig({}).invitationTtlHours).toBe(72);
    expect(() => loadConfig({ CCM_ADMIN_EMAIL: 'ops@example.com' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ CCM_ADMIN_EMAIL: 'ops@example.com', CCM_ADMIN_PASSWORD: 'short' })).toThrow(/CCM_ADMIN_PASSWORD must be at least 12/);
    expect(() => loadConfig({ CCM_ADMIN_EMAIL: 'ops', CCM_ADMIN_PASSWORD: 'long enough secret' })).toThrow(/CCM_ADMIN_EMAIL must be an email/);
  });

  it('keeps webhooks to public https targets on a Svix-like schedule unless told otherwise', () => {
    const defaults = loadConfig({}).webhooks;
    expect(defaults).toMatchObject({ allowPrivateUrls: false, timeoutMs: 10_000 });
    expect(defaults.retryScheduleMs.slice(0, 3)).toEqual([5_000, 300_000, 1_800_000]);
    const local = loadConfig({ CCM_WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', CCM_WEBHOOKS_RETRY_SCHEDULE_MS: '10, 20' }).webhooks;
    expect(local).toMatchObject({ allowPrivateUrls: true, retryScheduleMs: [10, 20] });
    expect(() => loadConfig({ CCM_WEBHOOKS_ALLOW_PRIVATE_URLS: 'yes' })).toThrow(/CCM_WEBHOOKS_ALLOW_PRIVATE_URLS/);
    expect(() => loadConfig({ CCM_WEBHOOKS_RETRY_SCHEDULE_MS: '5,soon' })).toThrow(/CCM_WEBHOOKS_RETRY_SCHEDULE_MS/);
  });

  it('reads the pay and ask pages\' promise, WhatsApp number, checkout origins and rate limit, naming what is wrong', () => {
    expect(loadConfig({}).landing).toEqual({
      askAnswerWithin: { count: 2, unit: 'business_days' },
      whatsappBusinessNumber: undefined,
      rateLimit: 60,
      rateWindowSeconds: 60,
      checkoutOrigins: ['https://checkout.stripe.com'],
    });
    const landing = loadConfig({
      CCM_ASK_ANSWER_WITHIN: '1 day',
      CCM_WHATSAPP_BUSINESS_NUMBER: '+966 50 123 4567',
      CCM_PAY_CHECKOUT_ORIGINS: 'https://pay.example.com, http://127.0.0.1:4000',
    }).landing;
    expect(landing).toMatchObject({ askAnswerWithin: { count: 1, unit: 'days' }, whatsappBusinessNumber: '966501234567', checkoutOrigins: ['https://pay.example.com', 'http://127.0.0.1:4000'] });
    expect(() => loadConfig({ CCM_ASK_ANSWER_WITHIN: 'soon' })).toThrow(/CCM_ASK_ANSWER_WITHIN must be a count and a unit/);
    expect(() => loadConfig({ CCM_WHATSAPP_BUSINESS_NUMBER: 'call us' })).toThrow(/CCM_WHATSAPP_BUSINESS_NUMBER must be an international phone number/);
    expect(() => loadConfig({ CCM_PAY_CHECKOUT_ORIGINS: 'https://pay.example.com/checkout' })).toThrow(/CCM_PAY_CHECKOUT_ORIGINS must list origins/);
  });

  it('reads audit keys newest first and refuses short or duplicate ones', () => {
    const config = loadConfig({ CCM_AUDIT_KEYS: `2026-11:${'x'.repeat(32)}, 2026-01:${'y'.repeat(32)}` });
    expect(config.auditKeys?.map((key) => key.id)).toEqual(['2026-11', '2026-01']);
    expect(() => loadConfig({ CCM_AUDIT_KEYS: 'k1:short' })).toThrow(/CCM_AUDIT_KEYS/);
    expect(() => loadConfig({ CCM_AUDIT_KEYS: `k1:${'x'.repeat(32)},k1:${'y'.repeat(32)}` })).toThrow(/twice/);
  });

  it('needs credentials for a real SMS or WhatsApp provider, and never shows its secrets', () => {
    expect(() => loadConfig({ CCM_SMS_TRANSPORT: 'twilio' })).toThrow(/TWILIO_ACCOUNT_SID[\s\S]*TWILIO_AUTH_TOKEN[\s\S]*TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID/);
    expect(() => loadConfig({ CCM_WHATSAPP_TRANSPORT: 'cloud-api' })).toThrow(/WHATSAPP_PHONE_NUMBER_ID[\s\S]*WHATSAPP_ACCESS_TOKEN/);
    const config = loadConfig({
      CCM_SMS_TRANSPORT: 'twilio',
      TWILIO_ACCOUNT_SID: 'AC123',
      TWILIO_AUTH_TOKEN: 'twilio-token-value',
      TWILIO_FROM: '+15005550006',
      CCM_WHATSAPP_TRANSPORT: 'cloud-api',
      WHATSAPP_PHONE_NUMBER_ID: '1234',
      WHATSAPP_ACCESS_TOKEN: 'meta-token-value',
      WHATSAPP_APP_SECRET: 'meta-app-secret-value',
    });
    expect(config.twilio).toMatchObject({ baseUrl: 'https://api.twilio.com', accountSid: 'AC123', from: '+15005550006' });
    expect(config.whatsapp.baseUrl).toBe('https://graph.facebook.com/v21.0');
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toMatch(/twilio-token-value|meta-token-value|meta-app-secret/);
    expect(described).toContain('AC123');
  });

  it('pays through the test checkout unless told otherwise, and needs each real provider\'s credentials', () => {
    expect(loadConfig({}).payments).toMatchObject({ provider: 'test-checkout', webhookToleranceSeconds: 300 });
    expect(() => loadConfig({ CCM_PAYMENT_PROVIDER: 'paypal' })).toThrow(/CCM_PAYMENT_PROVIDER must be one of test-checkout, stripe, hosted/);
    expect(() => loadConfig({ CCM_PAYMENT_PROVIDER: 'stripe' })).toThrow(/needs CCM_STRIPE_SECRET_KEY[\s\S]*needs CCM_STRIPE_WEBHOOK_SECRET/);
    expect(() => loadConfig({ CCM_PAYMENT_PROVIDER: 'hosted', CCM_HOSTED_PAY_URL: 'https://bank.example/pay?amount={amount}', CCM_HOSTED_PAY_SECRET: 'h'.repeat(40) })).toThrow(
      /CCM_HOSTED_PAY_URL must contain \{reference\}/,
    );
    const config = loadConfig({ CCM_PAYMENT_PROVIDER: 'stripe', CCM_STRIPE_SECRET_KEY: 'sk_test_0123456789abcdef', CCM_STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef' });
    expect(JSON.stringify(describeConfig(config))).not.toMatch(/sk_test_0123|whsec_0123/);
  });
});
