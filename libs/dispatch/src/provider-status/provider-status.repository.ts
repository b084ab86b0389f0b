import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeliveryEntity } from '../delivery.entity';
import type { DeliveryProgress } from './delivery-progress';

export interface DeliveryEventRecord {
  readonly provider: string;
  readonly providerMessageId: string;
  readonly deliveryId: string | null;
  readonly providerStatus: string;
  readonly errorCode: string | null;
  readonly occurredAt: Date;
  readonly payload: Record<string, unknown>;
}

/** The deliveries a provider's callbacks move, and the append-only `delivery_events` they leave. */
@Injectable()
export class ProviderStatusRepository {
  /** The delivery the provider knows by this id, locked until the transaction ends so callbacks for it apply one at a time. */
  lockByProviderMessageId(manager: EntityManager, providerMessageId: string): Promise<DeliveryEntity | null> {
    return manager
      .getRepository(DeliveryEntity)
      .createQueryBuilder('d')
      .where('d.provider_message_id = :providerMessageId', { providerMessageId })
      .orderBy('d.created_at', 'DESC')
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Appends the callback; false when the same callback was already recorded (a repeat). */
  async recordEvent(manager: EntityManager, event: DeliveryEventRecord): Promise<boolean> {
    const rows = (await manager.query(
      `INSERT INTO delivery_events (provider, provider_message_id, delivery_id, status, error_code, occurred_at, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT ON CONSTRAINT delivery_events_once DO NOTHING
       RETURNING id`,
      [event.provider, event.providerMessageId, event.deliveryId, event.providerStatus, event.errorCode, event.occurredAt, storableJson(event.payload)],
    )) as Array<{ id: string }>;
    return rows.length === 1;
  }

  async saveProgress(manager: EntityManager, deliveryId: string, progress: DeliveryProgress): Promise<void> {
    const { status, sentAt, deliveredAt, readAt, lastError } = progress;
    await manager.update(DeliveryEntity, { id: deliveryId }, { status, sentAt, deliveredAt, readAt, lastError, updatedAt: new Date() });
  }
}

/**
 * The payload as jsonb can hold it: PostgreSQL refuses a NUL or a lone
 * surrogate in jsonb text, and a provider's callback is kept as received
 * rather than refused for one, so those become U+FFFD.
 */
function storableJson(payload: Record<string, unknown>): string {
  return JSON.stringify(payload, (_key, value: unknown) => (typeof value === 'string' ? value.replace(UNSTORABLE, '\uFFFD') : value));
}

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
