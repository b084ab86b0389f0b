import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeliveryAttemptOutcome = 'sent' | 'retry' | 'failed';

/** One try of a delivery. Append-only: the runtime role may only insert and read. */
@Entity('delivery_attempts')
export class DeliveryAttemptEntity {
  @PrimaryColumn('uuid', { name: 'delivery_id' })
  deliveryId: string;

  @PrimaryColumn('integer')
  attempt: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('timestamptz', { name: 'finished_at' })
  finishedAt: Date;

  @Column('text')
  outcome: DeliveryAttemptOutcome;

  @Column('text')
  provider: string;

  @Column('text', { name: 'provider_message_id', nullable: true })
  providerMessageId: string | null;

  @Column('text', { nullable: true })
  error: string | null;
}
