import type { Accepted } from './provider-failure';

/** The SMS rendition as stored (`{ text, encoding, segments, characters, sender }`), sent as it is. */
export interface OutgoingSms {
  /** The E.164 number it goes to. */
  readonly to: string;
  readonly text: string;
  /** The stored rendition's exact bytes, kept by the outbox. */
  readonly rendition: Buffer;
  /** Stable for a delivery: a resend after a crash carries the same key. */
  readonly idempotencyKey: string;
}

/** Hands an SMS to whatever delivers it (port). Chosen by `CCM_SMS_TRANSPORT`. Rejects with `ProviderFailure`. */
export abstract class SmsTransport {
  abstract readonly name: string;
  abstract send(sms: OutgoingSms): Promise<Accepted>;
}
