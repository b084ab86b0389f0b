import type { Accepted } from './provider-failure';
import { OutboxStore } from './outbox-store';
import { OutgoingSms, SmsTransport } from './sms-transport';

/** The embedded default for SMS: the outbox keeps the stored rendition's bytes, its text as the summary. */
export class OutboxSmsTransport extends SmsTransport {
  readonly name = 'outbox';

  constructor(private readonly outbox: OutboxStore) {
    super();
  }

  send(sms: OutgoingSms): Promise<Accepted> {
    return this.outbox.keep({
      channel: 'sms',
      contentType: 'application/json',
      bytes: sms.rendition,
      recipient: sms.to,
      summary: sms.text,
      messageId: sms.idempotencyKey,
    });
  }
}
