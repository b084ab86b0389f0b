import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import type { EventType } from './event-types';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity, WebhookDeliveryStatus } from './webhook-delivery.entity';

export interface WebhookDeliveryFilter {
  readonly subscriptionId?: string;
  readonly status?: WebhookDeliveryStatus;
  readonly eventType?: EventType;
  readonly limit: number;
}

@Injectable()
export class WebhookDeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(delivery: WebhookDeliveryEntity, manager: EntityManager): Promise<void> {
    await manager.insert(WebhookDeliveryEntity, delivery);
  }

  /** Many deliveries in one insert. */
  async insertMany(deliveries: readonly WebhookDeliveryEntity[], manager: EntityManager): Promise<void> {
    if (!deliveries.length) return;
    await manager.insert(WebhookDeliveryEntity, [...deliveries]);
  }

  findById(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.db.manager.findOneBy(WebhookDeliveryEntity, { id });
  }

  /** Holds the delivery's row until `manager`'s transaction ends: tries and retries by hand take turns. */
  async lock(id: string, manager: EntityManager): Promise<WebhookDeliveryEntity | null> {
    return manager.findOne(WebhookDeliveryEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(id: string, changes: Partial<WebhookDeliveryEntity>, manager: EntityManager): Promise<void> {
    await manager.update(WebhookDeliveryEntity, { id }, { ...changes, updatedAt: new Date() });
  }

  async appendAttempt(attempt: WebhookAttemptEntity, manager: EntityManager): Promise<void> {
    await manager.insert(WebhookAttemptEntity, attempt);
  }

  /** Newest first. */
  list(filter: WebhookDeliveryFilter): Promise<WebhookDeliveryEntity[]> {
    const where: FindOptionsWhere<WebhookDeliveryEntity> = {};
    if (filter.subscriptionId) where.subscriptionId = filter.subscriptionId;
    if (filter.status) where.status = filter.status;
    if (filter.eventType) where.eventType = filter.eventType;
    return this.db.manager.find(WebhookDeliveryEntity, { where, order: { createdAt: 'DESC', id: 'DESC' }, take: filter.limit });
  }

  /** Every try of the given deliveries, in order. */
  attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttemptEntity[]> {
    if (!deliveryIds.length) return Promise.resolve([]);
    return this.db.manager.find(WebhookAttemptEntity, { where: { deliveryId: In([...deliveryIds]) }, order: { deliveryId: 'ASC', attempt: 'ASC' } });
  }
}
