import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Channel, Recipient } from '@app/contracts';

export const DOCUMENT_STATUSES = ['accepted', 'rendered', 'render_failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

@Entity('documents')
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  /** The template version pinned when the document was accepted, forever. */
  @Column('text', { name: 'template_key' })
  templateKey: string;

  @Column('integer', { name: 'template_version' })
  templateVersion: number;

  @Column('text', { name: 'content_hash' })
  contentHash: string;

  @Column('text')
  locale: string;

  @Column('text', { name: 'external_ref', nullable: true })
  externalRef: string | null;

  @Column('jsonb')
  recipient: Recipient;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('text', { array: true })
  channels: Channel[];

  @Column('boolean')
  dispatch: boolean;

  @Column('text')
  status: DocumentStatus;

  /** The batch that brought it, when it came in one (`POST /v1/batches`). */
  @Column('uuid', { name: 'batch_id', nullable: true })
  batchId: string | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
