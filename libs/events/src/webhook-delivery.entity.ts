import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EventType } from './event-types';

/** pending → delivered | failed; a retry by hand makes a settled delivery pending again. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** One event to one subscription. Its id is the `webhook-id` of every try, so receivers can deduplicate. */
@Entity('webhook_deliveries')
export class WebhookDeliveryEntity {
  /** `msg_…` */
  @PrimaryColumn('text')
  id: string;

  @Column('text', { name: 'event_id' })
  eventId: string;

  @Column('uuid', { name: 'subscription_id' })
  subscriptionId: string;

  @Column('text', { name: 'event_type' })
  eventType: EventType;

  @Column('text')
  status: WebhookDeliveryStatus;

  @Column('integer')
  attempts: number;

  /**
   * Which job may send it: every scheduled or requested try bumps it, so a job
   * superseded by another (a retry by hand, or a crashed job coming back after
   * its successor was queued) finds a newer generation and does nothing.
   */
  @Column('integer')
  generation: number;

  /** The next try is the last (a retry by hand): it is not rescheduled when it fails. */
  @Column('boolean', { name: 'final_try' })
  finalTry: boolean;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;
}
