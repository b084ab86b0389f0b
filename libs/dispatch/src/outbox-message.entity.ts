import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeliveryChannel } from './delivery.entity';

/** A message the embedded outbox transport kept instead of sending; its bytes are in the `BlobStore`. */
@Entity('outbox_messages')
export class OutboxMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  channel: DeliveryChannel;

  /** `message/rfc822`, `application/json` (SMS and WhatsApp). */
  @Column('text', { name: 'content_type' })
  contentType: string;

  /** The email address or E.164 number it would have gone to. */
  @Column('text', { nullable: true })
  recipient: string | null;

  /** A readable line: an email's subject (decoded), an SMS's text, a WhatsApp template's name. */
  @Column('text', { nullable: true })
  summary: string | null;

  /** The email's `Message-ID`, or the delivery's idempotency key. */
  @Column('text', { name: 'message_id', nullable: true })
  messageId: string | null;

  @Column('text', { name: 'envelope_from', nullable: true })
  envelopeFrom: string | null;

  @Column('text', { name: 'envelope_to', array: true, nullable: true })
  envelopeTo: string[] | null;

  /** An email's `Subject:` as written (encoded words as they are). */
  @Column('text', { nullable: true })
  subject: string | null;

  @Column('text', { name: 'blob_key' })
  blobKey: string;

  @Column('integer')
  size: number;

  @Column('text')
  sha256: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}
