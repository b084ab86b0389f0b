import type {
  AssetStoreDriver,
  BlobStoreDriver,
  EmailTransportDriver,
  PaymentProviderDriver,
  PdfEngineDriver,
  QueueDriver,
  SmsTransportDriver,
  WhatsAppTransportDriver,
} from './drivers';

/**
 * The platform's whole configuration, read once from the environment by
 * `loadConfig`. Nothing else in the code base reads `process.env`.
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** `undefined` → an embedded PostgreSQL is started in `dataDir`. */
  readonly databaseUrl?: string;
  /**
   * Owner of the schema, for migrations only; the runtime then uses `databaseUrl`
   * as given. Unset → migrations use `databaseUrl` (or the embedded superuser) and
   * the runtime its own least-privilege role when that user may create one.
   */
  readonly databaseMigrationUrl?: string;
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  /** Bootstrap admin key; when unset one is generated and kept in `dataDir`. */
  readonly adminKey?: string;
  /**
   * Keys of the audit chain's HMAC, newest first: the first signs new entries and
   * checkpoints, the others only verify what they signed. Unset → one generated in `dataDir`.
   */
  readonly auditKeys?: readonly AuditKeyConfig[];
  /** Minutes between signed checkpoints of the audit chain; 0 → only on request. */
  readonly auditCheckpointMinutes: number;
  readonly publicUrl: string;
  /** Signing key for links and webhooks; generated and kept in `dataDir` when unset. */
  readonly secret?: string;
  readonly smtpUrl?: string;
  /** The queue's Redis (`CCM_QUEUE=redis`): `redis://` or `rediss://`, credentials included. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key the queue writes, so platforms can share one Redis. */
  readonly redisPrefix: string;
  /** Twilio's auth token: the key of `X-Twilio-Signature` on its callbacks. Unset → Twilio callbacks are refused. */
  readonly twilioAuthToken?: string;
  /** The Meta app secret: the key of `X-Hub-Signature-256` on WhatsApp webhooks. Unset → they are refused. */
  readonly whatsappAppSecret?: string;
  /** What Meta must echo to subscribe the WhatsApp webhook. Unset → no subscription is confirmed. */
  readonly whatsappVerifyToken?: string;
  /** The From of every email: an address, optionally with a display name. */
  readonly emailFrom: string;
  readonly chromiumPath?: string;
  readonly templatesDir: string;
  /** The built studio (`npm run build:studio`), served at /studio. */
  readonly studioDir: string;
  readonly logLevel: LogLevel;
  /** Which halves of the platform this process runs. */
  readonly processes: ReadonlySet<'api' | 'worker'>;
  readonly limits: {
    readonly bodyBytes: number;
    readonly lineItems: number;
    readonly renditionWaitMs: number;
    readonly idempotencyTtlHours: number;
  };
  /** Failed authentications tolerated per client address and per key prefix before 429. */
  readonly authThrottle: {
    readonly failures: number;
    readonly windowSeconds: number;
  };
  /** Studio sign-in: how long a session lives, idle and at most. */
  readonly sessions: {
    readonly idleMinutes: number;
    readonly maxHours: number;
  };
  /** Hours an invitation link stays valid. */
  readonly invitationTtlHours: number;
  /**
   * A person made (or reset to) admin at every start; unset → on a first start
   * with no user, an invitation for the first admin is written to `dataDir`.
   */
  readonly firstAdmin?: { readonly email: string; readonly password: string };
  readonly worker: {
    /** Render jobs of the message channels (email, SMS, WhatsApp) one worker process handles at once. */
    readonly renderConcurrency: number;
    /** PDF render jobs one worker process handles at once. */
    readonly pdfConcurrency: number;
    /** Pages its Chromium prints on at once: each costs a renderer process and a CPU share. */
    readonly pdfPages: number;
    /** Port of a worker-only process's `GET /metrics`; unset → none (API processes serve theirs on `port`). */
    readonly metricsPort?: number;
  };
  /** The adapter behind each port (`drivers.ts`). */
  readonly drivers: {
    readonly queue: QueueDriver;
    readonly pdfEngine: PdfEngineDriver;
    readonly assetStore: AssetStoreDriver;
    readonly blobStore: BlobStoreDriver;
    readonly emailTransport: EmailTransportDriver;
    readonly smsTransport: SmsTransportDriver;
    readonly whatsappTransport: WhatsAppTransportDriver;
  };
  /** A Twilio-compatible Messages API (`CCM_SMS_TRANSPORT=twilio`); the auth token also verifies its callbacks. */
  readonly twilio: {
    readonly baseUrl: string;
    readonly accountSid?: string;
    readonly authToken?: string;
    /** The sender number, or… */
    readonly from?: string;
    /** …a Messaging Service that picks one. */
    readonly messagingServiceSid?: string;
  };
  /** Meta's WhatsApp Cloud API (`CCM_WHATSAPP_TRANSPORT=cloud-api`) and its webhooks' secrets. */
  readonly whatsapp: {
    readonly baseUrl: string;
    readonly phoneNumberId?: string;
    readonly accessToken?: string;
    /** Signs webhook deliveries (`X-Hub-Signature-256`). */
    readonly appSecret?: string;
    /** Echoed back when Meta verifies the webhook subscription. */
    readonly verifyToken?: string;
  };
  /** How deliveries are tried: retries, backoff, and what each provider is given at once. */
  readonly dispatch: {
    /** Tries of one delivery, the first included, before a temporary failure counts as exhausted. */
    readonly maxAttempts: number;
    /** Ceiling of the first retry's random wait; doubled for each further retry (full jitter). */
    readonly backoffBaseMs: number;
    /** Ceiling of any one wait (a provider's Retry-After may still ask for longer). */
    readonly backoffMaxMs: number;
    /** A provider call that has not answered in this time counts as a temporary failure. */
    readonly providerTimeoutMs: number;
    readonly concurrency: Readonly<Record<'email' | 'sms' | 'whatsapp', number>>;
    /** Messages per second handed to each provider by this process; 0 → no limit. */
    readonly ratePerSecond: Readonly<Record<'email' | 'sms' | 'whatsapp', number>>;
  };
  /** Signed events to billing systems' webhook endpoints. */
  readonly webhooks: WebhooksConfig;
  /** How invoices are paid through their pay links. */
  readonly payments: PaymentsConfig;
  /** One-click pay and ask links. */
  readonly actionLinks: {
    /**
     * Secrets `CCM_SECRET` had before, newest first: links already sent keep
     * working after a rotation, and their documents render with the same links.
     */
    readonly previousSecrets: readonly string[];
    /** Days a link stays valid after the invoice's due date. */
    readonly daysAfterDue: number;
    /** Days a link stays valid after it is issued, for documents without a due date. */
    readonly daysWithoutDue: number;
  };
  /** The pay and ask pages behind every document's one-click links. */
  readonly landing: LandingConfig;
  /** Where author-controlled parsing, linting and preview merges run: threads beside the event loop, each task on a time budget. */
  readonly authoring: {
    readonly threads: number;
    readonly budgetMs: number;
  };
}

export interface WebhooksConfig {
  /**
   * Lets subscriptions name http URLs and private, loopback or link-local
   * targets: for tests and local development only, since it lets anyone with
   * the admin role make the platform call into its own network.
   */
  readonly allowPrivateUrls: boolean;
  /** Delays before each retry, in milliseconds; the number of tries is one more than its length. */
  readonly retryScheduleMs: readonly number[];
  /** How long one try may take, connection to last byte read. */
  readonly timeoutMs: number;
  /** A subscription whose events this many in a row used up all their tries is disabled. */
  readonly disableAfterFailedEvents: number;
  /** A subscription failing without a single success for this long is disabled. */
  readonly disableAfterFailingHours: number;
}

export interface LandingConfig {
  /** How soon a question is answered, as the ask page and its acknowledgement promise it (`CCM_ASK_ANSWER_WITHIN`). */
  readonly askAnswerWithin: AnswerWithin;
  /** The business's WhatsApp number, digits only (`wa.me/<number>`); unset → the ask page offers no WhatsApp chat. */
  readonly whatsappBusinessNumber?: string;
  /** Requests one client address may make to the landing pages per window before `429`. */
  readonly rateLimit: number;
  readonly rateWindowSeconds: number;
  /**
   * Origins the pay button's POST may be redirected to (the payment provider's
   * checkout): the pay page's CSP `form-action` names them, as browsers hold a
   * form's redirects to it too.
   */
  readonly checkoutOrigins: readonly string[];
}

/** `2 business days`, `3 days`, `4 hours`: a count and a unit, localised where it is shown. */
export interface AnswerWithin {
  readonly count: number;
  readonly unit: 'business_days' | 'days' | 'hours';
}

export interface PaymentsConfig {
  /** `CCM_PAYMENT_PROVIDER`: the one provider checkouts are started with and payment webhooks are accepted from. */
  readonly provider: PaymentProviderDriver;
  /** Stripe's secret API key (`sk_…`). */
  readonly stripeSecretKey?: string;
  /** The endpoint's signing secret (`whsec_…`) that verifies `Stripe-Signature`. */
  readonly stripeWebhookSecret?: string;
  /** A Stripe-compatible API instead of `https://api.stripe.com` (tests, proxies). */
  readonly stripeApiUrl?: string;
  /** The hosted payment page, with `{reference}`, `{amount}`, `{currency}` and `{returnUrl}` filled in. */
  readonly hostedPayUrl?: string;
  /** Key of the HMAC-SHA256 the hosted page's completion webhook is signed with. */
  readonly hostedSecret?: string;
  /** How far a signed payment webhook's timestamp may be from now, in seconds. */
  readonly webhookToleranceSeconds: number;
}

export interface AuditKeyConfig {
  /** Stored with every entry and checkpoint it signs, so a rotated key still verifies its own. */
  readonly id: string;
  readonly secret: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Names of the variables whose values never appear in logs. */
export const SECRET_KEYS: ReadonlyArray<keyof AppConfig> = ['adminKey', 'secret', 'auditKeys', 'databaseUrl', 'databaseMigrationUrl', 'smtpUrl', 'redisUrl'];

/** Secrets nested in a section of the configuration, masked when it is described. */
export const NESTED_SECRET_KEYS: Readonly<Partial<Record<keyof AppConfig, readonly string[]>>> = {
  twilio: ['authToken'],
  whatsapp: ['accessToken', 'appSecret', 'verifyToken'],
  payments: ['stripeSecretKey', 'stripeWebhookSecret', 'hostedSecret'],
  actionLinks: ['previousSecrets'],
  firstAdmin: ['password'],
};
