import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of the audit trail. Rows are only ever inserted (a trigger refuses the rest). */
@Entity('audit_log')
export class AuditEntryEntity {
  /** Position in the chain; gaps are possible (a rolled-back append), reordering is not. */
  @PrimaryColumn('bigint')
  id: string;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('text')
  actor: string;

  @Column('text')
  action: string;

  @Column('text', { name: 'subject_type' })
  subjectType: string;

  @Column('text', { name: 'subject_id' })
  subjectId: string;

  @Column('jsonb')
  details: Record<string, unknown>;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;

  /** The HMAC key that links this entry; null for entries written before the chain was keyed. */
  @Column('text', { name: 'key_id', nullable: true })
  keyId: string | null;
}
