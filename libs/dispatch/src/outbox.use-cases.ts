import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BlobStore } from '@app/blobs';
import { DomainError } from '@app/kernel';
import type { DeliveryChannel } from './delivery.entity';
import { OutboxMessageEntity } from './outbox-message.entity';
import { readableSubject } from './outbox-store';

export interface OutboxMessageView {
  readonly id: string;
  readonly channel: DeliveryChannel;
  readonly contentType: string;
  /** The address or number it would have gone to. */
  readonly recipient: string | null;
  /** A readable line: the decoded subject, the SMS text, the WhatsApp template. */
  readonly summary: string | null;
  readonly messageId: string | null;
  readonly from: string | null;
  readonly to: readonly string[];
  /** An email's subject, decoded from RFC 2047 encoded words. */
  readonly subject: string | null;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

function outboxView(message: OutboxMessageEntity): OutboxMessageView {
  return {
    id: message.id,
    channel: message.channel,
    contentType: message.contentType,
    recipient: message.recipient,
    summary: message.channel === 'email' ? (readableSubject(message.summary ?? message.subject ?? undefined) ?? null) : message.summary,
    messageId: message.messageId,
    from: message.envelopeFrom,
    to: message.envelopeTo ?? (message.recipient ? [message.recipient] : []),
    subject: message.subject === null ? null : (readableSubject(message.subject) ?? null),
    size: message.size,
    sha256: message.sha256,
    createdAt: message.createdAt.toISOString(),
  };
}

/** What the outbox transports kept, newest first, of one channel or all. */
@Injectable()
export class ListOutboxUseCase {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(filter: { readonly channel?: DeliveryChannel; readonly limit?: number } = {}): Promise<OutboxMessageView[]> {
    const rows = await this.db.manager.find(OutboxMessageEntity, {
      where: filter.channel ? { channel: filter.channel } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: Math.min(Math.max(filter.limit ?? 100, 1), 500),
    });
    return rows.map(outboxView);
  }
}

/** One kept message's exact bytes, with their content type. */
@Injectable()
export class GetOutboxMessageUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly blobs: BlobStore,
  ) {}

  async execute(id: string): Promise<{ readonly message: OutboxMessageView; readonly bytes: Buffer }> {
    const row = await this.db.manager.findOneBy(OutboxMessageEntity, { id });
    const bytes = row && (await this.blobs.get(row.blobKey));
    if (!row || !bytes) throw new DomainError('not_found', `No outbox message ${id}`);
    return { message: outboxView(row), bytes };
  }
}
