import type { Accepted } from './provider-failure';
import { OutboxStore } from './outbox-store';
import { OutgoingWhatsApp, WhatsAppTransport } from './whatsapp-transport';

/** The embedded default for WhatsApp: the outbox keeps the Cloud API message exactly as it would be posted. */
export class OutboxWhatsAppTransport extends WhatsAppTransport {
  readonly name = 'outbox';

  constructor(private readonly outbox: OutboxStore) {
    super();
  }

  send(message: OutgoingWhatsApp): Promise<Accepted> {
    return this.outbox.keep({
      channel: 'whatsapp',
      contentType: 'application/json',
      bytes: message.payload,
      recipient: message.to,
      summary: message.templateName ? `template ${message.templateName}` : undefined,
      messageId: message.idempotencyKey,
    });
  }
}
