import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel } from '@app/contracts';

export type RenditionStatus = 'pending' | 'ready' | 'failed';

export interface RenditionError {
  readonly code: string;
  readonly message: string;
  readonly errors?: ReadonlyArray<{ pointer: string; message: string }>;
}

@Entity('renditions')
export class RenditionEntity {
  @PrimaryColumn('uuid', { name: 'document_id' })
  documentId: string;

  @PrimaryColumn('text')
  channel: Channel;

  @Column('text')
  status: RenditionStatus;

  @Column('text', { name: 'content_type', nullable: true })
  contentType: string | null;

  /** Where the exact bytes of the output are in the `BlobStore`; their SHA-256 is below and in the document's ledger. */
  @Column('text', { name: 'blob_key', nullable: true })
  blobKey: string | null;

  @Column('text', { name: 'alt_body', nullable: true, select: false })
  altBody: string | null;

  @Column('text', { nullable: true })
  sha256: string | null;

  @Column('jsonb')
  metadata: Record<string, unknown>;

  @Column('jsonb', { nullable: true })
  error: RenditionError | null;

  @Column('integer')
  attempts: number;

  @Column('timestamptz', { name: 'rendered_at', nullable: true })
  renderedAt: Date | null;
}
