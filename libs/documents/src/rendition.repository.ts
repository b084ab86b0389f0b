import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { Channel } from '@app/contracts';
import { RenditionEntity, RenditionError } from './rendition.entity';

export interface ReadyRendition {
  readonly contentType: string;
  readonly blobKey: string;
  readonly sha256: string;
  readonly altBody: string | null;
  readonly metadata: Record<string, unknown>;
  readonly attempts: number;
}

/** What one render attempt leaves a pending rendition as. */
export type RenditionMark =
  | { readonly documentId: string; readonly channel: Channel; readonly status: 'ready'; readonly ready: ReadyRendition }
  | { readonly documentId: string; readonly channel: Channel; readonly status: 'failed'; readonly error: RenditionError; readonly attempts: number };

/** The `renditions` table: one row per document and channel. Bytes are in the `BlobStore`, named by `blobKey`. */
@Injectable()
export class RenditionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createPending(documentId: string, channels: readonly Channel[], manager: EntityManager): Promise<RenditionEntity[]> {
    const renditions = channels.map((channel) =>
      manager.create(RenditionEntity, { documentId, channel, status: 'pending', metadata: {}, attempts: 0, blobKey: null }),
    );
    return manager.save(RenditionEntity, renditions);
  }

  forDocument(documentId: string): Promise<RenditionEntity[]> {
    return this.db.manager.findBy(RenditionEntity, { documentId });
  }

  pendingOf(documentId: string): Promise<RenditionEntity[]> {
    return this.db.manager.findBy(RenditionEntity, { documentId, status: 'pending' });
  }

  /** The pending renditions of many documents in one plain read. */
  async pendingOfMany(documentIds: readonly string[]): Promise<RenditionEntity[]> {
    if (!documentIds.length) return [];
    const rows = (await this.db.query(
      `SELECT document_id, channel, status, content_type, blob_key, sha256, metadata, error, attempts, rendered_at
         FROM renditions WHERE document_id = ANY($1::uuid[]) AND status = 'pending'`,
      [documentIds],
    )) as Array<{
      document_id: string;
      channel: Channel;
      status: RenditionEntity['status'];
      content_type: string | null;
      blob_key: string | null;
      sha256: string | null;
      metadata: Record<string, unknown>;
      error: RenditionError | null;
      attempts: number;
      rendered_at: Date | null;
    }>;
    return rows.map((row) =>
      Object.assign(new RenditionEntity(), {
        documentId: row.document_id,
        channel: row.channel,
        status: row.status,
        contentType: row.content_type,
        blobKey: row.blob_key,
        sha256: row.sha256,
        metadata: row.metadata,
        error: row.error,
        attempts: row.attempts,
        renderedAt: row.rendered_at,
      }),
    );
  }

  /** Every rendition's channel and status of many documents, read in `manager`'s transaction. */
  async statusesOfMany(documentIds: readonly string[], manager: EntityManager): Promise<Array<Pick<RenditionEntity, 'documentId' | 'channel' | 'status'>>> {
    if (!documentIds.length) return [];
    const rows = (await manager.query('SELECT document_id, channel, status FROM renditions WHERE document_id = ANY($1::uuid[])', [documentIds])) as Array<{
      document_id: string;
      channel: Channel;
      status: RenditionEntity['status'];
    }>;
    return rows.map((row) => ({ documentId: row.document_id, channel: row.channel, status: row.status }));
  }

  /**
   * Many pending renditions to ready or failed in one statement; answers those
   * this call moved (one no longer pending was settled by another attempt first).
   */
  async markMany(marks: readonly RenditionMark[], manager: EntityManager): Promise<Array<Pick<RenditionEntity, 'documentId' | 'channel'>>> {
    if (!marks.length) return [];
    const records = marks.map((mark) =>
      mark.status === 'ready'
        ? { document_id: mark.documentId, channel: mark.channel, status: 'ready', attempts: mark.ready.attempts, content_type: mark.ready.contentType, blob_key: mark.ready.blobKey, sha256: mark.ready.sha256, alt_body: mark.ready.altBody, metadata: mark.ready.metadata }
        : { document_id: mark.documentId, channel: mark.channel, status: 'failed', attempts: mark.attempts, error: mark.error },
    );
    // A failed rendition keeps its other columns, as `markFailed` does; a ready one clears its error.
    const [rows] = (await manager.query(
      `UPDATE renditions r
          SET status = m.status,
              attempts = m.attempts,
              error = CASE WHEN m.status = 'ready' THEN NULL ELSE m.error END,
              content_type = CASE WHEN m.status = 'ready' THEN m.content_type ELSE r.content_type END,
              blob_key = CASE WHEN m.status = 'ready' THEN m.blob_key ELSE r.blob_key END,
              sha256 = CASE WHEN m.status = 'ready' THEN m.sha256 ELSE r.sha256 END,
              alt_body = CASE WHEN m.status = 'ready' THEN m.alt_body ELSE r.alt_body END,
              metadata = CASE WHEN m.status = 'ready' THEN m.metadata ELSE r.metadata END,
              rendered_at = CASE WHEN m.status = 'ready' THEN $2::timestamptz ELSE r.rendered_at END
         FROM jsonb_to_recordset($1::jsonb) AS m(document_id uuid, channel text, status text, attempts int, error jsonb, content_type text, blob_key text, sha256 text, alt_body text, metadata jsonb)
        WHERE r.document_id = m.document_id AND r.channel = m.channel AND r.status = 'pending'
        RETURNING r.document_id, r.channel`,
      [JSON.stringify(records), new Date()],
    )) as [Array<{ document_id: string; channel: Channel }>, number];
    return rows.map((row) => ({ documentId: row.document_id, channel: row.channel }));
  }

  /** Counts a try that failed for a passing reason, for many renditions in one statement. */
  async countAttempts(renditions: ReadonlyArray<Pick<RenditionEntity, 'documentId' | 'channel'>>): Promise<void> {
    if (!renditions.length) return;
    await this.db.query(
      `UPDATE renditions r SET attempts = r.attempts + 1
         FROM unnest($1::uuid[], $2::text[]) AS t(document_id, channel)
        WHERE r.document_id = t.document_id AND r.channel = t.channel`,
      [renditions.map((rendition) => rendition.documentId), renditions.map((rendition) => rendition.channel)],
    );
  }

  /** Every rendition's channel and status, read in `manager`'s transaction. */
  async statusesOf(documentId: string, manager: EntityManager): Promise<Array<Pick<RenditionEntity, 'channel' | 'status'>>> {
    return (await manager.query('SELECT channel, status FROM renditions WHERE document_id = $1', [documentId])) as Array<Pick<RenditionEntity, 'channel' | 'status'>>;
  }

  /** Many renditions with their email text parts, in one read; in no particular order, absent ones left out. */
  findMany(wanted: ReadonlyArray<{ readonly documentId: string; readonly channel: Channel }>): Promise<RenditionEntity[]> {
    if (!wanted.length) return Promise.resolve([]);
    return this.db
      .getRepository(RenditionEntity)
      .createQueryBuilder('r')
      .addSelect('r.altBody')
      .where('(r.document_id, r.channel) IN (SELECT * FROM unnest(:documentIds::uuid[], :channels::text[]))', {
        documentIds: wanted.map((one) => one.documentId),
        channels: wanted.map((one) => one.channel),
      })
      .getMany();
  }

  /** One rendition with its email text part. */
  find(documentId: string, channel: Channel): Promise<RenditionEntity | null> {
    return this.db
      .getRepository(RenditionEntity)
      .createQueryBuilder('r')
      .addSelect('r.altBody')
      .where('r.document_id = :documentId AND r.channel = :channel', { documentId, channel })
      .getOne();
  }

  /** Pending → ready; false when it was no longer pending (another attempt got there first). */
  async markReady(documentId: string, channel: Channel, ready: ReadyRendition, manager: EntityManager): Promise<boolean> {
    const result = await manager.update(
      RenditionEntity,
      { documentId, channel, status: 'pending' },
      { status: 'ready', error: null, renderedAt: new Date(), ...ready } as QueryDeepPartialEntity<RenditionEntity>,
    );
    return (result.affected ?? 0) > 0;
  }

  /** Pending → failed for good; false when it was no longer pending. */
  async markFailed(documentId: string, channel: Channel, error: RenditionError, attempts: number, manager: EntityManager): Promise<boolean> {
    const result = await manager.update(
      RenditionEntity,
      { documentId, channel, status: 'pending' },
      { status: 'failed', error, attempts } as QueryDeepPartialEntity<RenditionEntity>,
    );
    return (result.affected ?? 0) > 0;
  }

  async countAttempt(documentId: string, channel: Channel): Promise<void> {
    await this.db.manager.increment(RenditionEntity, { documentId, channel }, 'attempts', 1);
  }
}

/** Where a rendition's bytes are kept in the `BlobStore`. */
export function renditionBlobKey(documentId: string, channel: Channel): string {
  return `renditions/${documentId}/${channel}`;
}
