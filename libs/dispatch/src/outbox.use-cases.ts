import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BlobStore } from '@app/blobs';
import { DomainError } from '@app/kernel';
import { OutboxMessageEntity } from './outbox-message.entity';

export interface OutboxMessageView {
  readonly id: string;
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string | null;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
}

function outboxView(message: OutboxMessageEntity): OutboxMessageView {
  return {
    id: message.id,
    messageId: message.messageId,
    from: message.envelopeFrom,
    to: message.envelopeTo,
    subject: message.subject,
    size: message.size,
    sha256: message.sha256,
    createdAt: message.createdAt.toISOString(),
  };
}

/** What the outbox transport kept, newest first. */
@Injectable()
export class ListOutboxUseCase {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(limit = 100): Promise<OutboxMessageView[]> {
    const rows = await this.db.manager.find(OutboxMessageEntity, { order: { createdAt: 'DESC', id: 'ASC' }, take: Math.min(Math.max(limit, 1), 500) });
    return rows.map(outboxView);
  }
}

/** One kept message's exact bytes (RFC 5322). */
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
