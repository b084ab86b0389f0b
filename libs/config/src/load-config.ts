import * as path from 'node:path';
import { AnswerWithin, AppConfig, AuditKeyConfig, LogLevel, NESTED_SECRET_KEYS, SECRET_KEYS } from './app-config';
import { DRIVER_VARIABLES, DRIVERS, DriverOf, DriverPort } from './drivers';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Svix's schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — eight tries over about 28 hours. */
const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000].map((seconds) => seconds * 1000);

/** Reads and validates the environment into one typed, frozen object. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const port = read.int('PORT', 3000, 0, 65535);
  const publicUrl = (read.url('CCM_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const processes = read.list('CCM_PROCESSES', ['api', 'worker'], ['api', 'worker']) as Array<'api' | 'worker'>;
  const config: AppConfig = {
    port,
    host: read.str('HOST') ?? '0.0.0.0',
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseMigrationUrl: read.url('DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(cwd, read.str('CCM_DATA_DIR') ?? '.data'),
    embeddedPostgresPort: read.int('CCM_EMBEDDED_PG_PORT', 54329, 1, 65535),
    adminKey: read.strongSecret('CCM_ADMIN_KEY'),
    auditKeys: read.keyRing('CCM_AUDIT_KEYS'),
    auditCheckpointMinutes: read.int('CCM_AUDIT_CHECKPOINT_MINUTES', 60, 0, 7 * 24 * 60),
    publicUrl,
    secret: read.secret('CCM_SECRET', 32),
    smtpUrl: read.url('SMTP_URL', ['smtp:', 'smtps:']),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: read.matching('CCM_REDIS_PREFIX', /^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)') ?? 'ccm',
    emailFrom: read.emailAddress('CCM_EMAIL_FROM') ?? `no-reply@${new URL(publicUrl).hostname}`,
    chromiumPath: read.str('CHROMIUM_PATH') ?? read.str('PUPPETEER_EXECUTABLE_PATH'),
    templatesDir: path.resolve(cwd, read.str('CCM_TEMPLATES_DIR') ?? 'templates'),
    studioDir: path.resolve(cwd, read.str('CCM_STUDIO_DIR') ?? 'dist/studio'),
    logLevel: read.oneOf<LogLevel>('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    processes: new Set(processes),
    limits: {
      bodyBytes: read.int('CCM_MAX_BODY_BYTES', 1_048_576, 1024, 64 * 1_048_576),
      lineItems: read.int('CCM_MAX_LINE_ITEMS', 2000, 1, 100_000),
      renditionWaitMs: read.int('CCM_RENDITION_WAIT_MS', 15_000, 0, 120_000),
      idempotencyTtlHours: read.int('CCM_IDEMPOTENCY_TTL_HOURS', 24, 24, 24 * 365),
    },
    authThrottle: {
      failures: read.int('CCM_AUTH_FAILURE_LIMIT', 20, 1, 100_000),
      windowSeconds: read.int('CCM_AUTH_FAILURE_WINDOW_SECONDS', 60, 1, 24 * 3600),
    },
    sessions: {
      idleMinutes: read.int('CCM_SESSION_IDLE_MINUTES', 120, 1, 7 * 24 * 60),
      maxHours: read.int('CCM_SESSION_MAX_HOURS', 12, 1, 30 * 24),
    },
    invitationTtlHours: read.int('CCM_INVITATION_TTL_HOURS', 72, 1, 30 * 24),
    firstAdmin: read.firstAdmin(),
    worker: {
      // Rendering a message takes milliseconds of CPU and a few round trips to PostgreSQL:
      // enough jobs in flight keep the CPU busy while others wait on the database.
      renderConcurrency: read.int('CCM_RENDER_CONCURRENCY', 16, 1, 256),
      // More PDF jobs in flight than pages: the documents waiting for a page are what the
      // engine groups into one print (print-coalescer.ts), so a backlog costs fewer prints.
      pdfConcurrency: read.int('CCM_PDF_CONCURRENCY', 32, 1, 256),
      pdfPages: read.int('CCM_PDF_PAGES', 4, 1, 64),
      metricsPort: read.str('CCM_WORKER_METRICS_PORT') === undefined ? undefined : read.int('CCM_WORKER_METRICS_PORT', 0, 1, 65535),
    },
    drivers: {
      queue: read.driver('queue'),
      pdfEngine: read.driver('pdfEngine'),
      assetStore: read.driver('assetStore'),
      blobStore: read.driver('blobStore'),
      emailTransport: read.driver('emailTransport'),
      smsTransport: read.driver('smsTransport'),
      whatsappTransport: read.driver('whatsappTransport'),
    },
    payments: {
      provider: read.driver('paymentProvider'),
      stripeSecretKey: read.secret('CCM_STRIPE_SECRET_KEY', 16),
      stripeWebhookSecret: read.secret('CCM_STRIPE_WEBHOOK_SECRET', 16),
      stripeApiUrl: read.url('CCM_STRIPE_API_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
      hostedPayUrl: read.url('CCM_HOSTED_PAY_URL', ['https:', 'http:']),
      hostedSecret: read.secret('CCM_HOSTED_PAY_SECRET', 32),
      webhookToleranceSeconds: read.int('CCM_PAYMENT_WEBHOOK_TOLERANCE_SECONDS', 300, 10, 3600),
    },
    twilio: {
      baseUrl: (read.url('TWILIO_BASE_URL', ['http:', 'https:']) ?? 'https://api.twilio.com').replace(/\/+$/, ''),
      accountSid: read.str('TWILIO_ACCOUNT_SID'),
      authToken: read.secret('TWILIO_AUTH_TOKEN', 16),
      from: read.str('TWILIO_FROM'),
      messagingServiceSid: read.str('TWILIO_MESSAGING_SERVICE_SID'),
    },
    whatsapp: {
      baseUrl: (read.url('WHATSAPP_BASE_URL', ['http:', 'https:']) ?? 'https://graph.facebook.com/v21.0').replace(/\/+$/, ''),
      phoneNumberId: read.str('WHATSAPP_PHONE_NUMBER_ID'),
      accessToken: read.str('WHATSAPP_ACCESS_TOKEN'),
      appSecret: read.secret('WHATSAPP_APP_SECRET', 16),
      verifyToken: read.secret('WHATSAPP_VERIFY_TOKEN', 8),
    },
    dispatch: {
      maxAttempts: read.int('CCM_DISPATCH_MAX_ATTEMPTS', 10, 1, 50),
      backoffBaseMs: read.int('CCM_DISPATCH_BACKOFF_BASE_MS', 2_000, 0, 3_600_000),
      backoffMaxMs: read.int('CCM_DISPATCH_BACKOFF_MAX_MS', 15 * 60_000, 0, 24 * 3_600_000),
      providerTimeoutMs: read.int('CCM_DISPATCH_PROVIDER_TIMEOUT_MS', 15_000, 100, 300_000),
      concurrency: {
        email: read.int('CCM_DISPATCH_EMAIL_CONCURRENCY', 32, 1, 64),
        sms: read.int('CCM_DISPATCH_SMS_CONCURRENCY', 32, 1, 64),
        whatsapp: read.int('CCM_DISPATCH_WHATSAPP_CONCURRENCY', 32, 1, 64),
      },
      ratePerSecond: {
        email: read.int('CCM_DISPATCH_EMAIL_RATE', 0, 0, 10_000),
        sms: read.int('CCM_DISPATCH_SMS_RATE', 10, 0, 10_000),
        whatsapp: read.int('CCM_DISPATCH_WHATSAPP_RATE', 20, 0, 10_000),
      },
    },
    webhooks: {
      allowPrivateUrls: read.bool('CCM_WEBHOOKS_ALLOW_PRIVATE_URLS', false),
      retryScheduleMs: read.durations('CCM_WEBHOOKS_RETRY_SCHEDULE_MS', DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS, 1, 30),
      timeoutMs: read.int('CCM_WEBHOOKS_TIMEOUT_MS', 10_000, 100, 60_000),
      disableAfterFailedEvents: read.int('CCM_WEBHOOKS_DISABLE_AFTER_FAILED_EVENTS', 10, 1, 10_000),
      disableAfterFailingHours: read.int('CCM_WEBHOOKS_DISABLE_AFTER_FAILING_HOURS', 120, 1, 24 * 365),
    },
    actionLinks: {
      previousSecrets: read.secretList('CCM_PREVIOUS_SECRETS', 32),
      daysAfterDue: read.int('CCM_ACTION_LINK_DAYS_AFTER_DUE', 30, 1, 3650),
      daysWithoutDue: read.int('CCM_ACTION_LINK_DAYS', 90, 1, 3650),
    },
    landing: {
      askAnswerWithin: read.answerWithin('CCM_ASK_ANSWER_WITHIN', { count: 2, unit: 'business_days' }),
      whatsappBusinessNumber: read.whatsappNumber('CCM_WHATSAPP_BUSINESS_NUMBER'),
      rateLimit: read.int('CCM_LANDING_RATE_LIMIT', 60, 1, 100_000),
      rateWindowSeconds: read.int('CCM_LANDING_RATE_WINDOW_SECONDS', 60, 1, 24 * 3600),
      checkoutOrigins: read.origins('CCM_PAY_CHECKOUT_ORIGINS', ['https://checkout.stripe.com']),
    },
    authoring: {
      threads: read.int('CCM_AUTHOR_THREADS', 2, 1, 16),
      budgetMs: read.int('CCM_AUTHOR_BUDGET_MS', 5_000, 100, 120_000),
    },
  };
  if (config.drivers.queue === 'redis' && !config.redisUrl) {
    problems.push('CCM_QUEUE=redis needs REDIS_URL');
  }
  if (config.drivers.emailTransport === 'smtp' && !config.smtpUrl) {
    problems.push('CCM_EMAIL_TRANSPORT=smtp needs SMTP_URL');
  }
  if (config.drivers.smsTransport === 'twilio') {
    for (const [name, value] of [['TWILIO_ACCOUNT_SID', config.twilio.accountSid], ['TWILIO_AUTH_TOKEN', config.twilio.authToken]] as const) {
      if (!value) problems.push(`CCM_SMS_TRANSPORT=twilio needs ${name}`);
    }
    if (!config.twilio.from && !config.twilio.messagingServiceSid) {
      problems.push('CCM_SMS_TRANSPORT=twilio needs TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID');
    }
  }
  if (config.drivers.whatsappTransport === 'cloud-api') {
    for (const [name, value] of [['WHATSAPP_PHONE_NUMBER_ID', config.whatsapp.phoneNumberId], ['WHATSAPP_ACCESS_TOKEN', config.whatsapp.accessToken]] as const) {
      if (!value) problems.push(`CCM_WHATSAPP_TRANSPORT=cloud-api needs ${name}`);
    }
  }
  if (config.payments.provider === 'stripe') {
    for (const [name, value] of [['CCM_STRIPE_SECRET_KEY', config.payments.stripeSecretKey], ['CCM_STRIPE_WEBHOOK_SECRET', config.payments.stripeWebhookSecret]] as const) {
      if (!value) problems.push(`CCM_PAYMENT_PROVIDER=stripe needs ${name}`);
    }
  }
  if (config.payments.provider === 'hosted') {
    for (const [name, value] of [['CCM_HOSTED_PAY_URL', config.payments.hostedPayUrl], ['CCM_HOSTED_PAY_SECRET', config.payments.hostedSecret]] as const) {
      if (!value) problems.push(`CCM_PAYMENT_PROVIDER=hosted needs ${name}`);
    }
    if (config.payments.hostedPayUrl && !config.payments.hostedPayUrl.includes('{reference}')) {
      problems.push('CCM_HOSTED_PAY_URL must contain {reference}, which the completion webhook echoes back');
    }
  }
  if (config.databaseMigrationUrl && !config.databaseUrl) {
    problems.push('DATABASE_MIGRATION_URL needs DATABASE_URL: the runtime connects with DATABASE_URL');
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** The configuration as it may be logged: secrets and passwords masked. */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined) continue;
    const nested = NESTED_SECRET_KEYS[key as keyof AppConfig];
    if ((SECRET_KEYS as string[]).includes(key)) {
      out[key] = key.endsWith('Url') ? maskUrl(String(value)) : '****';
    } else if (nested) {
      out[key] = Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, nested.includes(k) && v !== undefined ? '****' : v]));
    } else {
      out[key] = value instanceof Set ? [...value] : value;
    }
  }
  return out;
}

function maskUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '****';
    return url.toString();
  } catch {
    return '****';
  }
}

class EnvReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  str(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    this.problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  }

  /** Comma-separated whole milliseconds, each at most a day. */
  durations(name: string, fallback: readonly number[], minCount: number, maxCount: number): readonly number[] {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const values = raw.split(',').map((s) => Number(s.trim()));
    if (values.length < minCount || values.length > maxCount || values.some((v) => !Number.isInteger(v) || v < 0 || v > 86_400_000)) {
      this.problems.push(`${name} must list ${minCount} to ${maxCount} delays in milliseconds, each at most a day (got "${raw}")`);
      return fallback;
    }
    return values;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (!protocols.includes(url.protocol)) {
        this.problems.push(`${name} must use ${protocols.join(' or ')} (got ${url.protocol})`);
      }
    } catch {
      this.problems.push(`${name} is not a valid URL`);
    }
    return raw;
  }

  /** A value that must match `pattern`, described to the operator as `description`. */
  matching(name: string, pattern: RegExp, description: string): string | undefined {
    const raw = this.str(name);
    if (raw !== undefined && !pattern.test(raw)) {
      this.problems.push(`${name} must be ${description} (got "${raw}")`);
    }
    return raw;
  }

  secret(name: string, minLength: number): string | undefined {
    const raw = this.str(name);
    if (raw !== undefined && raw.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters long`);
    }
    return raw;
  }

  /**
   * A secret an attacker must not guess: at least 32 characters, not a repetition
   * of a shorter string, and about 100 bits by the Shannon estimate of its own
   * characters (a random hex string of 32 has about 118; "aaaa…" has none).
   */
  strongSecret(name: string): string | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    if (raw.length < 32) {
      this.problems.push(`${name} must be at least 32 characters long`);
    } else if (/^(.+)\1+$/s.test(raw) || estimatedEntropyBits(raw) < 100) {
      this.problems.push(`${name} is too easy to guess: use at least 32 random characters (e.g. openssl rand -base64 32)`);
    }
    return raw;
  }

  /** Secrets separated by commas, each at least `minLength` characters; unset → none. */
  secretList(name: string, minLength: number): string[] {
    const raw = this.str(name);
    if (raw === undefined) return [];
    const secrets = raw.split(',').map((secret) => secret.trim()).filter(Boolean);
    if (secrets.some((secret) => secret.length < minLength)) {
      this.problems.push(`${name} must list secrets of at least ${minLength} characters, separated by commas`);
    }
    return secrets;
  }

  /** `id:secret` pairs separated by commas, newest first; every secret at least 32 characters. */
  keyRing(name: string): AuditKeyConfig[] | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    const keys: AuditKeyConfig[] = [];
    for (const pair of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      const colon = pair.indexOf(':');
      const id = colon > 0 ? pair.slice(0, colon) : '';
      const secret = pair.slice(colon + 1);
      if (!/^[A-Za-z0-9._-]{1,32}$/.test(id) || secret.length < 32) {
        this.problems.push(`${name} must list id:secret pairs (id of letters, digits, . _ -; secret of at least 32 characters)`);
        return undefined;
      }
      if (keys.some((key) => key.id === id)) {
        this.problems.push(`${name} names the key id "${id}" twice`);
        return undefined;
      }
      keys.push({ id, secret });
    }
    if (!keys.length) this.problems.push(`${name} must list at least one id:secret pair`);
    return keys.length ? keys : undefined;
  }

  /** `<count> business days`, `<count> days` or `<count> hours` (one of each singular too). */
  answerWithin(name: string, fallback: AnswerWithin): AnswerWithin {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const match = /^(\d{1,3})\s+(business\s+days?|days?|hours?)$/i.exec(raw);
    if (!match || Number(match[1]) < 1) {
      this.problems.push(`${name} must be a count and a unit, e.g. "2 business days", "3 days" or "4 hours" (got "${raw}")`);
      return fallback;
    }
    const unit = match[2].toLowerCase();
    return { count: Number(match[1]), unit: unit.startsWith('business') ? 'business_days' : unit.startsWith('day') ? 'days' : 'hours' };
  }

  /** Comma-separated `scheme://host[:port]` origins, nothing after them. */
  origins(name: string, fallback: readonly string[]): readonly string[] {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const origins: string[] = [];
    for (const item of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
      let origin: string | null = null;
      try {
        const url = new URL(item);
        if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === item.replace(/\/$/, '')) origin = url.origin;
      } catch {
        origin = null;
      }
      if (!origin) {
        this.problems.push(`${name} must list origins such as https://checkout.stripe.com, comma-separated (got "${item}")`);
        return fallback;
      }
      origins.push(origin);
    }
    return origins;
  }

  /** An international number as wa.me wants it: digits only, the `+`, spaces and dashes dropped. */
  whatsappNumber(name: string): string | undefined {
    const raw = this.str(name);
    if (raw === undefined) return undefined;
    const digits = raw.replace(/[\s+()-]/g, '');
    if (!/^[1-9]\d{6,14}$/.test(digits)) {
      this.problems.push(`${name} must be an international phone number, e.g. +966501234567 (got "${raw}")`);
      return undefined;
    }
    return digits;
  }

  /** `name@domain` or `Display Name <name@domain>`, on one line. */
  /** CCM_ADMIN_EMAIL and CCM_ADMIN_PASSWORD, both or neither; the password meets the sign-in policy. */
  firstAdmin(): { email: string; password: string } | undefined {
    const email = this.str('CCM_ADMIN_EMAIL');
    // The password is taken as given: spaces at its ends are part of it.
    const password = this.env.CCM_ADMIN_PASSWORD || undefined;
    if (!email && !password) return undefined;
    if (!email || !password) {
      this.problems.push('CCM_ADMIN_EMAIL and CCM_ADMIN_PASSWORD go together: set both or neither');
      return undefined;
    }
    if (!/^[^@\s<>]+@[^@\s<>]+$/.test(email) || email.length > 254) this.problems.push('CCM_ADMIN_EMAIL must be an email address');
    if ([...password].length < 12) this.problems.push('CCM_ADMIN_PASSWORD must be at least 12 characters');
    if ([...password].length > 256) this.problems.push('CCM_ADMIN_PASSWORD must be at most 256 characters');
    return { email, password };
  }

  emailAddress(name: string): string | undefined {
    const raw = this.str(name);
    if (raw !== undefined && !/^([^<>\r\n]*<)?[^@\s<>]+@[^@\s<>]+(>)?$/.test(raw)) {
      this.problems.push(`${name} must be an email address, optionally as "Name <address>"`);
    }
    return raw;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  }

  /** The driver named by the port's variable, or the port's default (its first driver). */
  driver<P extends DriverPort>(port: P): DriverOf<P> {
    const allowed = DRIVERS[port] as readonly DriverOf<P>[];
    return this.oneOf(DRIVER_VARIABLES[port], allowed, allowed[0]);
  }

  list(name: string, allowed: string[], fallback: string[]): string[] {
    const raw = this.str(name);
    if (raw === undefined) return fallback;
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item));
    if (!items.length || unknown.length) {
      this.problems.push(`${name} must list some of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return items;
  }
}

/** Length × Shannon entropy of the string's own character frequencies, in bits. */
function estimatedEntropyBits(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    perChar -= p * Math.log2(p);
  }
  return perChar * text.length;
}
