import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * queued → sending → sent | failed; `skipped` when a delivery is decided not to be made.
 * After `sent`, the provider's callbacks move it on to `delivered` and `read` (or `failed`).
 */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'skipped';
/** The channels a delivery can go out on; a PDF travels attached to an email, never alone. */
export const DELIVERY_CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

@Entity('deliveries')
export class DeliveryEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'document_id' })
  documentId: string;

  @Column('text')
  channel: DeliveryChannel;

  @Column('text')
  status: DeliveryStatus;

  /** The address it goes to (for email, the envelope recipient). */
  @Column('text')
  recipient: string;

  /** The transport that took (or refused) it: `outbox` or `smtp`. */
  @Column('text', { nullable: true })
  provider: string | null;

  /** What the provider answered with on acceptance (for SMTP, its queue id line). */
  @Column('text', { name: 'provider_message_id', nullable: true })
  providerMessageId: string | null;

  /** The message's own `Message-ID`, the same on every try. */
  @Column('text', { name: 'message_id' })
  messageId: string;

  @Column('integer')
  attempts: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** Why it exists: `primary`, or `fallback after <channel> <failed|opted out|exhausted>`. */
  @Column('text')
  reason: string;

  /** Why it was not made, when `skipped`: `opted out (STOP)`, … */
  @Column('text', { name: 'skip_reason', nullable: true })
  skipReason: string | null;

  /** Sends repeated because a try was interrupted mid-send (a crash), with the same message id. */
  @Column('integer')
  resends: number;
  /** When the provider reported it delivered to the handset (or read, when that came first). */
  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;
}
