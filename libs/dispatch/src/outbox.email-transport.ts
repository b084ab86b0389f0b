import { AcceptedEmail, EmailTransport, OutgoingEmail } from './email-transport';
import { OutboxStore, readableSubject } from './outbox-store';

/** The embedded default for email: nothing leaves the machine; the outbox keeps the exact MIME bytes. */
export class OutboxEmailTransport extends EmailTransport {
  readonly name = 'outbox';

  constructor(private readonly outbox: OutboxStore) {
    super();
  }

  send(email: OutgoingEmail): Promise<AcceptedEmail> {
    return this.outbox.keep({
      channel: 'email',
      contentType: 'message/rfc822',
      bytes: email.raw,
      recipient: email.envelope.to.join(', '),
      summary: readableSubject(email.subject),
      messageId: email.messageId,
      envelope: email.envelope,
      subject: email.subject,
    });
  }
}
