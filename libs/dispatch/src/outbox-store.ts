import { randomUUID } from 'node:crypto';
import libmime from 'libmime';
import type { DataSource } from 'typeorm';
import type { BlobStore } from '@app/blobs';
import type { DeliveryChannel } from './delivery.entity';
import type { Accepted } from './provider-failure';
import { OutboxMessageEntity } from './outbox-message.entity';

export interface KeptMessage {
  readonly channel: DeliveryChannel;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly recipient: string;
  readonly summary?: string;
  readonly messageId?: string;
  readonly envelope?: { readonly from: string; readonly to: readonly string[] };
  readonly subject?: string;
}

/**
 * What every outbox adapter does: the message's exact bytes go to the
 * `BlobStore` (`outbox/<id>`) and a row lists it with its channel, recipient
 * and a readable summary, so an operator reads precisely what a customer
 * would have received.
 */
export class OutboxStore {
  readonly name = 'outbox';

  constructor(
    private readonly db: DataSource,
    private readonly blobs: BlobStore,
  ) {}

  async keep(message: KeptMessage): Promise<Accepted> {
    const id = randomUUID();
    const blobKey = `outbox/${id}`;
    const stored = await this.blobs.put(blobKey, message.bytes);
    await this.db.manager.insert(OutboxMessageEntity, {
      id,
      channel: message.channel,
      contentType: message.contentType,
      recipient: message.recipient,
      summary: message.summary?.slice(0, 500) ?? null,
      messageId: message.messageId ?? null,
      envelopeFrom: message.envelope?.from ?? null,
      envelopeTo: message.envelope ? [...message.envelope.to] : null,
      subject: message.subject ?? null,
      blobKey,
      size: stored.size,
      sha256: stored.sha256,
      createdAt: new Date(),
    });
    return { provider: this.name, providerMessageId: id };
  }
}

/** An email subject as a person reads it: RFC 2047 encoded words (Arabic, Chinese, …) decoded. */
export function readableSubject(subject: string | undefined): string | undefined {
  if (subject === undefined) return undefined;
  try {
    // A method of libmime's default instance: called on it, not detached.
    return libmime.decodeWords(subject);
  } catch {
    return subject;
  }
}
