import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { EventType } from './event-types';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export interface FailureTally {
  readonly consecutiveFailedEvents: number;
  readonly failingSince: Date;
}

@Injectable()
export class WebhookSubscriptionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(subscription: WebhookSubscriptionEntity): Promise<void> {
    await this.db.manager.insert(WebhookSubscriptionEntity, subscription);
  }

  /** A subscription not deleted. */
  findLive(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.db.manager.findOneBy(WebhookSubscriptionEntity, { id, deletedAt: IsNull() });
  }

  /** Deleted ones too: their deliveries are kept. */
  findAny(id: string): Promise<WebhookSubscriptionEntity | null> {
    return this.db.manager.findOneBy(WebhookSubscriptionEntity, { id });
  }

  listLive(): Promise<WebhookSubscriptionEntity[]> {
    return this.db.manager.find(WebhookSubscriptionEntity, { where: { deletedAt: IsNull() }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async update(id: string, changes: Partial<WebhookSubscriptionEntity>): Promise<void> {
    await this.db.manager.update(WebhookSubscriptionEntity, { id }, { ...changes, updatedAt: new Date() });
  }

  /** Ids of the enabled subscriptions that want `type`, read in the publisher's transaction. */
  async idsWanting(type: EventType, manager: EntityManager): Promise<string[]> {
    const rows = (await manager.query(
      `SELECT id FROM webhook_subscriptions WHERE enabled AND deleted_at IS NULL AND $1 = ANY(event_types) ORDER BY created_at, id`,
      [type],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  async recordSuccess(id: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE webhook_subscriptions SET consecutive_failed_events = 0, failing_since = NULL WHERE id = $1 AND (consecutive_failed_events <> 0 OR failing_since IS NOT NULL)`,
      [id],
    );
  }

  /** Counts a failed try (and, when `eventExhausted`, an event that used up its tries) and returns the running tally. */
  async recordFailure(id: string, at: Date, eventExhausted: boolean, manager: EntityManager): Promise<FailureTally> {
    const [rows] = (await manager.query(
      `UPDATE webhook_subscriptions
          SET consecutive_failed_events = consecutive_failed_events + $2, failing_since = COALESCE(failing_since, $3)
        WHERE id = $1
        RETURNING consecutive_failed_events, failing_since`,
      [id, eventExhausted ? 1 : 0, at],
    )) as [Array<{ consecutive_failed_events: number; failing_since: Date }>, number];
    return { consecutiveFailedEvents: rows[0].consecutive_failed_events, failingSince: new Date(rows[0].failing_since) };
  }

  async disable(id: string, reason: string, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE webhook_subscriptions SET enabled = false, disabled_reason = $2, disabled_at = now(), updated_at = now() WHERE id = $1 AND enabled`,
      [id, reason],
    );
  }
}
