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

  /** Not before this may the next try start (a `retry`): backoff, or the provider's Retry-After when later. */
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  /** This try sent again what an interrupted try may already have sent. */
  @Column('boolean')
  resend: boolean;
}
