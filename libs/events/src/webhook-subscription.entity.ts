import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EventType } from './event-types';

@Entity('webhook_subscriptions')
export class WebhookSubscriptionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  url: string;

  @Column('text', { name: 'event_types', array: true })
  eventTypes: EventType[];

  @Column('text', { nullable: true })
  description: string | null;

  /** The signing secret, encrypted under a key derived from the platform secret. */
  @Column('text', { name: 'secret_sealed' })
  secretSealed: string;

  /** The secret before the last rotation, still signing beside the new one until `previousSecretExpiresAt`. */
  @Column('text', { name: 'previous_secret_sealed', nullable: true })
  previousSecretSealed: string | null;

  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column('boolean')
  enabled: boolean;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  /** Events in a row whose every try failed; a delivered event resets it. */
  @Column('integer', { name: 'consecutive_failed_events' })
  consecutiveFailedEvents: number;

  /** The first failed try since the last success. */
  @Column('timestamptz', { name: 'failing_since', nullable: true })
  failingSince: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;
}
