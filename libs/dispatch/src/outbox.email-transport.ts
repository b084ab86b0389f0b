import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { BlobStore } from '@app/blobs';
import { AcceptedEmail, EmailTransport, OutgoingEmail } from './email-transport';
import { OutboxMessageEntity } from './outbox-message.entity';

/**
 * The embedded default: nothing leaves the machine. Each message's exact bytes
 * go to the `BlobStore` (`outbox/<id>`) and a row in `outbox_messages` lists
 * it, so an operator reads precisely what a customer would have received.
 */
export class OutboxEmailTransport extends EmailTransport {
  readonly name = 'outbox';

  constructor(
    private readonly db: DataSource,
    private readonly blobs: BlobStore,
  ) {
    super();
  }

  async send(email: OutgoingEmail): Promise<AcceptedEmail> {
    const id = randomUUID();
    const blobKey = `outbox/${id}`;
    const stored = await this.blobs.put(blobKey, email.raw);
    await this.db.manager.insert(OutboxMessageEntity, {
      id,
      messageId: email.messageId,
      envelopeFrom: email.envelope.from,
      envelopeTo: [...email.envelope.to],
      subject: email.subject ?? null,
      blobKey,
      size: stored.size,
      sha256: stored.sha256,
      createdAt: new Date(),
    });
    return { provider: this.name, providerMessageId: id };
  }
}
