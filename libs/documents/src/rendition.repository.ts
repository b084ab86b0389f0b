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

  /** Every rendition's channel and status, read in `manager`'s transaction. */
  async statusesOf(documentId: string, manager: EntityManager): Promise<Array<Pick<RenditionEntity, 'channel' | 'status'>>> {
    return (await manager.query('SELECT channel, status FROM renditions WHERE document_id = $1', [documentId])) as Array<Pick<RenditionEntity, 'channel' | 'status'>>;
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
