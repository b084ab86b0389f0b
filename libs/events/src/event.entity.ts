import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EventType } from './event-types';

/** Something that happened, as billing systems are told of it. Append-only. */
@Entity('events')
export class EventEntity {
  /** `evt_…` */
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  type: EventType;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('uuid', { name: 'document_id', nullable: true })
  documentId: string | null;

  @Column('jsonb')
  data: Record<string, unknown>;
}
