import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A signed checkpoint of the audit chain's head; rows are only ever inserted (a trigger refuses the rest). */
@Entity('audit_checkpoints')
export class AuditCheckpointEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column('bigint', { name: 'entry_id' })
  entryId: string;

  @Column('text', { name: 'entry_hash' })
  entryHash: string;

  @Column('bigint', { transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  entries: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('text', { name: 'key_id' })
  keyId: string;

  @Column('text')
  signature: string;
}
