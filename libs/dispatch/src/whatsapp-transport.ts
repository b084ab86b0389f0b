import type { Accepted } from './provider-failure';

/** The WhatsApp rendition: the whole Cloud API message JSON, sent byte for byte. */
export interface OutgoingWhatsApp {
  readonly to: string;
  readonly payload: Buffer;
  /** The template's name, for listing. */
  readonly templateName?: string;
  readonly idempotencyKey: string;
}

/** Hands a WhatsApp message to whatever delivers it (port). Chosen by `CCM_WHATSAPP_TRANSPORT`. Rejects with `ProviderFailure`. */
export abstract class WhatsAppTransport {
  abstract readonly name: string;
  abstract send(message: OutgoingWhatsApp): Promise<Accepted>;
}
