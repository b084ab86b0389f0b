import type { AssetStoreDriver, BlobStoreDriver, EmailTransportDriver, PdfEngineDriver, QueueDriver } from './drivers';

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
  /** The From of every email: an address, optionally with a display name. */
  readonly emailFrom: string;
  readonly chromiumPath?: string;
  readonly templatesDir: string;
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
  readonly worker: {
    readonly renderConcurrency: number;
  };
  /** The adapter behind each port (`drivers.ts`). */
  readonly drivers: {
    readonly queue: QueueDriver;
    readonly pdfEngine: PdfEngineDriver;
    readonly assetStore: AssetStoreDriver;
    readonly blobStore: BlobStoreDriver;
    readonly emailTransport: EmailTransportDriver;
  };
  /** Signed events to billing systems' webhook endpoints. */
  readonly webhooks: WebhooksConfig;
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

export interface AuditKeyConfig {
  /** Stored with every entry and checkpoint it signs, so a rotated key still verifies its own. */
  readonly id: string;
  readonly secret: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Names of the variables whose values never appear in logs. */
export const SECRET_KEYS: ReadonlyArray<keyof AppConfig> = ['adminKey', 'secret', 'auditKeys', 'databaseUrl', 'databaseMigrationUrl', 'smtpUrl'];
