import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import type { Channel } from '@app/contracts';
import { DocumentEntity } from './document.entity';
import { RenditionEntity } from './rendition.entity';

export interface RenditionOutput {
  readonly channel: Channel;
  readonly contentType: string;
  readonly body: Buffer;
  /** The text/plain alternative of an email. */
  readonly altBody: string | null;
  readonly sha256: string;
  readonly metadata: Record<string, unknown>;
}

/** Seconds a caller is told to wait before asking again for a rendition still in progress. */
export const RENDITION_RETRY_AFTER_SECONDS = 2;

/**
 * The exact output of one channel. An on-demand caller gets it in one request:
 * while the worker is still rendering, this waits (bounded) for it.
 */
@Injectable()
export class GetRenditionUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(documentId: string, channel: Channel, signal?: AbortSignal): Promise<RenditionOutput> {
    const document = await this.db.getRepository(DocumentEntity).findOneBy({ id: documentId });
    if (!document) throw new DomainError('not_found', `No document ${documentId}`);
    if (!document.channels.includes(channel)) {
      throw new DomainError('rendition_not_requested', `Document ${documentId} was not requested in the ${channel} channel`);
    }
    const deadline = Date.now() + this.config.limits.renditionWaitMs;
    for (let pause = 25; ; pause = Math.min(pause * 2, 250)) {
      const rendition = await this.load(documentId, channel);
      if (rendition?.status === 'ready' && rendition.body && rendition.contentType && rendition.sha256) {
        return {
          channel,
          contentType: rendition.contentType,
          body: rendition.body,
          altBody: rendition.altBody,
          sha256: rendition.sha256,
          metadata: rendition.metadata,
        };
      }
      if (rendition?.status === 'failed') {
        throw new DomainError('rendition_failed', rendition.error?.message ?? `The ${channel} rendition failed`, rendition.error?.errors ?? []);
      }
      if (Date.now() + pause > deadline || signal?.aborted) {
        throw new DomainError('rendition_pending', `The ${channel} rendition is not ready yet`, [], {
          retryAfterSeconds: RENDITION_RETRY_AFTER_SECONDS,
        });
      }
      await sleep(pause);
    }
  }

  private load(documentId: string, channel: Channel): Promise<RenditionEntity | null> {
    return this.db
      .getRepository(RenditionEntity)
      .createQueryBuilder('r')
      .addSelect(['r.body', 'r.altBody'])
      .where('r.document_id = :documentId AND r.channel = :channel', { documentId, channel })
      .getOne();
  }
}
