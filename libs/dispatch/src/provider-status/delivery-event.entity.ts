import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One provider status callback as received; append-only, null delivery for a message id no delivery has. */
@Entity('delivery_events')
export class DeliveryEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** Who reported it: `twilio`, `whatsapp`. */
  @Column('text')
  provider: string;

  @Column('text', { name: 'provider_message_id' })
  providerMessageId: string;

  @Column('uuid', { name: 'delivery_id', nullable: true })
  deliveryId: string | null;

  /** The provider's own word (`undelivered`, `read`, …), as it sent it. */
  @Column('text')
  status: string;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode: string | null;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt: Date;

  /** What the provider sent about this message, for the record. */
  @Column('jsonb')
  payload: Record<string, unknown>;
}
