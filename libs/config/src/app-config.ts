import type { AssetStoreDriver, BlobStoreDriver, PdfEngineDriver, QueueDriver } from './drivers';

/**
 * The platform's whole configuration, read once from the environment by
 * `loadConfig`. Nothing else in the code base reads `process.env`.
 */
export interface AppConfig {
  readonly port: number;
  readonly host: string;
  /** `undefined` → an embedded PostgreSQL is started in `dataDir`. */
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly embeddedPostgresPort: number;
  /** Bootstrap admin key; when unset one is generated and kept in `dataDir`. */
  readonly adminKey?: string;
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
  readonly worker: {
    readonly renderConcurrency: number;
  };
  /** The adapter behind each port (`drivers.ts`). */
  readonly drivers: {
    readonly queue: QueueDriver;
    readonly pdfEngine: PdfEngineDriver;
    readonly assetStore: AssetStoreDriver;
    readonly blobStore: BlobStoreDriver;
  };
  /** Where author-controlled parsing, linting and preview merges run: threads beside the event loop, each task on a time budget. */
  readonly authoring: {
    readonly threads: number;
    readonly budgetMs: number;
  };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Names of the variables whose values never appear in logs. */
export const SECRET_KEYS: ReadonlyArray<keyof AppConfig> = ['adminKey', 'secret', 'databaseUrl', 'smtpUrl'];
