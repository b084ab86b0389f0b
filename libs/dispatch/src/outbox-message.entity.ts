import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A message the embedded outbox transport kept instead of sending; its bytes are in the `BlobStore`. */
@Entity('outbox_messages')
export class OutboxMessageEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'message_id' })
  messageId: string;

  @Column('text', { name: 'envelope_from' })
  envelopeFrom: string;

  @Column('text', { name: 'envelope_to', array: true })
  envelopeTo: string[];

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
