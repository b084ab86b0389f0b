import { Accepted, ProviderFailure } from './provider-failure';

/** A whole message as the platform built it, with the SMTP envelope it travels under. */
export interface OutgoingEmail {
  /** The exact RFC 5322 bytes, sent unchanged. */
  readonly raw: Buffer;
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The message's `Message-ID`, stable for a delivery. */
  readonly messageId: string;
  readonly subject?: string;
}

/** Outbox: its id; SMTP: the server's acceptance line. */
export type AcceptedEmail = Accepted;

/**
 * A refusal or failure of the transport. `permanent` (an SMTP 5xx) means
 * retrying cannot help; everything else (4xx, connection errors) may succeed
 * later.
 */
export class EmailTransportError extends ProviderFailure {
  constructor(
    message: string,
    permanent: boolean,
    readonly responseCode?: number,
  ) {
    super(message, permanent, { providerCode: responseCode });
    this.name = 'EmailTransportError';
  }
}

/** Hands a built message to whatever delivers it (port). Chosen by `CCM_EMAIL_TRANSPORT`. */
export abstract class EmailTransport {
  abstract readonly name: string;
  /** Resolves once the transport has accepted the message; rejects with `EmailTransportError`. */
  abstract send(email: OutgoingEmail): Promise<AcceptedEmail>;
  /** Releases connections. */
  async close(): Promise<void> {}
}
