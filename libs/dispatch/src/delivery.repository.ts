import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { DeliveryAttemptEntity, DeliveryAttemptOutcome } from './delivery-attempt.entity';
import { DeliveryChannel, DeliveryEntity } from './delivery.entity';

export interface NewDelivery {
  readonly documentId: string;
  readonly channel: DeliveryChannel;
  readonly recipient: string;
  readonly messageId: string;
}

export interface AttemptRecord {
  readonly attempt: number;
  readonly startedAt: Date;
  readonly outcome: DeliveryAttemptOutcome;
  readonly provider: string;
  readonly providerMessageId: string | null;
  readonly error: string | null;
}

/** The `deliveries` table and its append-only `delivery_attempts` history. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Queues a delivery; a document's second request for the same channel returns the existing one. */
  async createQueued(delivery: NewDelivery, manager: EntityManager = this.db.manager): Promise<DeliveryEntity> {
    const now = new Date();
    await manager
      .createQueryBuilder()
      .insert()
      .into(DeliveryEntity)
      .values({ id: randomUUID(), ...delivery, status: 'queued', attempts: 0, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(DeliveryEntity, { documentId: delivery.documentId, channel: delivery.channel });
  }

  find(id: string): Promise<DeliveryEntity | null> {
    return this.db.manager.findOneBy(DeliveryEntity, { id });
  }

  forDocument(documentId: string): Promise<DeliveryEntity[]> {
    return this.db.manager.find(DeliveryEntity, { where: { documentId }, order: { createdAt: 'ASC' } });
  }

  /**
   * queued (or sending, after a crash mid-send) → sending, counting the try;
   * the attempt number, or null when the delivery is already settled.
   */
  async markSending(id: string): Promise<number | null> {
    const rows = (await this.db.query(
      `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'sending') RETURNING attempts`,
      [id],
    )) as [Array<{ attempts: number }>, number];
    return rows[0][0]?.attempts ?? null;
  }

  /** Records the try and moves the delivery to what it led to, in one transaction. */
  async settle(id: string, attempt: AttemptRecord): Promise<void> {
    await this.db.transaction(async (manager) => {
      await manager.insert(DeliveryAttemptEntity, { deliveryId: id, finishedAt: new Date(), ...attempt });
      const status = attempt.outcome === 'sent' ? 'sent' : attempt.outcome === 'failed' ? 'failed' : 'queued';
      await manager.update(DeliveryEntity, { id, status: In(['queued', 'sending']) }, {
        status,
        provider: attempt.provider,
        providerMessageId: attempt.providerMessageId,
        lastError: attempt.error,
        updatedAt: new Date(),
        ...(status === 'sent' ? { sentAt: new Date() } : {}),
      });
    });
  }

  attemptsOf(id: string): Promise<DeliveryAttemptEntity[]> {
    return this.db.manager.find(DeliveryAttemptEntity, { where: { deliveryId: id }, order: { attempt: 'ASC' } });
  }
}
