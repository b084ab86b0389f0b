import { Column, Entity, PrimaryColumn } from 'typeorm';

export type WebhookAttemptOutcome = 'delivered' | 'retry' | 'failed';

/** One try of a webhook delivery. Append-only: the runtime role may only insert and read. */
@Entity('webhook_attempts')
export class WebhookAttemptEntity {
  @PrimaryColumn('text', { name: 'delivery_id' })
  deliveryId: string;

  @PrimaryColumn('integer')
  attempt: number;

  @Column('timestamptz', { name: 'started_at' })
  startedAt: Date;

  @Column('integer', { name: 'duration_ms' })
  durationMs: number;

  @Column('text')
  outcome: WebhookAttemptOutcome;

  /** The receiver's HTTP status; null when no answer came (refused, timed out, blocked). */
  @Column('integer', { name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column('text', { nullable: true })
  error: string | null;

  /** The start of what the receiver answered, cut at a few kilobytes. */
  @Column('text', { name: 'response_body', nullable: true })
  responseBody: string | null;
}
