/**
 * The adapter behind each port, chosen by configuration. Every port lists the
 * drivers it has; the first one is the default. A port's factory (for example
 * `blob-store.factory.ts`) switches on its entry here and nowhere else, so a new
 * driver — or a new port such as an email transport — is one list entry and one
 * case in one factory.
 */
export const DRIVERS = {
  /**
   * `CCM_QUEUE`: durable jobs. `pgboss` keeps them in the platform's PostgreSQL;
   * `redis` runs them through BullMQ on `REDIS_URL`, for volumes PostgreSQL should not carry.
   */
  queue: ['pgboss', 'redis'],
  /** `CCM_PDF_ENGINE`: printing HTML to PDF. `chromium` is a pool of pages in one headless Chromium. */
  pdfEngine: ['chromium'],
  /**
   * `CCM_ASSET_STORE`: brand assets. `memory` keeps uploads in the process only —
   * a development choice for a single process; they are gone when it stops.
   */
  assetStore: ['postgres', 'memory'],
  /** `CCM_BLOB_STORE`: rendition bytes. `filesystem` writes them under `CCM_DATA_DIR/blobs`. */
  blobStore: ['postgres', 'filesystem'],
  /**
   * `CCM_EMAIL_TRANSPORT`: sending email. `outbox` keeps each message's bytes for
   * `GET /v1/outbox` and sends nothing; `smtp` sends through `SMTP_URL`.
   */
  emailTransport: ['outbox', 'smtp'],
  /**
   * `CCM_SMS_TRANSPORT`: sending SMS. `outbox` keeps each message for `GET /v1/outbox`;
   * `twilio` posts to a Twilio-compatible Messages API (`TWILIO_*`).
   */
  smsTransport: ['outbox', 'twilio'],
  /**
   * `CCM_WHATSAPP_TRANSPORT`: sending WhatsApp. `outbox` keeps each message;
   * `cloud-api` posts to Meta's WhatsApp Cloud API (`WHATSAPP_*`).
   */
  whatsappTransport: ['outbox', 'cloud-api'],
  /**
   * `CCM_PAYMENT_PROVIDER`: where the pay link's customer pays. `test-checkout` is the
   * platform's own page marked TEST MODE (no money moves); `stripe` is Stripe Checkout
   * (`CCM_STRIPE_*`); `hosted` is a bank's or gateway's payment page (`CCM_HOSTED_PAY_*`).
   */
  paymentProvider: ['test-checkout', 'stripe', 'hosted'],
} as const;

export type DriverPort = keyof typeof DRIVERS;
export type DriverOf<P extends DriverPort> = (typeof DRIVERS)[P][number];

export type QueueDriver = DriverOf<'queue'>;
export type PdfEngineDriver = DriverOf<'pdfEngine'>;
export type AssetStoreDriver = DriverOf<'assetStore'>;
export type BlobStoreDriver = DriverOf<'blobStore'>;
export type EmailTransportDriver = DriverOf<'emailTransport'>;
export type SmsTransportDriver = DriverOf<'smsTransport'>;
export type WhatsAppTransportDriver = DriverOf<'whatsappTransport'>;
export type PaymentProviderDriver = DriverOf<'paymentProvider'>;

/** The environment variable that chooses each port's driver. */
export const DRIVER_VARIABLES: Readonly<Record<DriverPort, string>> = {
  queue: 'CCM_QUEUE',
  pdfEngine: 'CCM_PDF_ENGINE',
  assetStore: 'CCM_ASSET_STORE',
  blobStore: 'CCM_BLOB_STORE',
  emailTransport: 'CCM_EMAIL_TRANSPORT',
  smsTransport: 'CCM_SMS_TRANSPORT',
  whatsappTransport: 'CCM_WHATSAPP_TRANSPORT',
  paymentProvider: 'CCM_PAYMENT_PROVIDER',
};

/** Thrown by a factory asked for a driver it does not know: the config validation and the factory disagree. */
export function unknownDriver(port: DriverPort, driver: never): never {
  throw new Error(`No ${port} driver "${String(driver)}"; one of ${DRIVERS[port].join(', ')}`);
}
