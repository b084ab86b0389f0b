import { Inject, Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { setTimeout as sleep } from 'node:timers/promises';
import { BlobStore, blobSha256 } from '@app/blobs';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import type { Channel } from '@app/contracts';
import type { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { RenditionEntity } from './rendition.entity';
import { RenditionNotices } from './rendition-notices';
import { RenditionRepository } from './rendition.repository';

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
 * while the worker is still rendering, this waits (bounded) for it. The bytes
 * come from the `BlobStore` and are served only if they still have the SHA-256
 * recorded when they were rendered.
 */
@Injectable()
export class GetRenditionUseCase {
  /**
   * The reads of the renditions asked for in one turn of the event loop, made
   * together: a send prepares a fetch's messages side by side, and each
   * used to cost a rendition read and a blob read of its own. No cache: every
   * ask reads what is stored when it asks.
   */
  private readonly rows = new DataLoader<{ documentId: string; channel: Channel }, RenditionEntity | null, string>(
    async (wanted) => {
      const found = new Map((await this.renditions.findMany(wanted)).map((row) => [`${row.documentId}/${row.channel}`, row]));
      return wanted.map(({ documentId, channel }) => found.get(`${documentId}/${channel}`) ?? null);
    },
    { cache: false, cacheKeyFn: ({ documentId, channel }) => `${documentId}/${channel}`, batchScheduleFn: (run) => setImmediate(run) },
  );
  private readonly bytes = new DataLoader<string, Buffer | null>((keys) => this.blobs.getMany(keys), { cache: false, batchScheduleFn: (run) => setImmediate(run) });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentRepository,
    private readonly renditions: RenditionRepository,
    private readonly blobs: BlobStore,
    private readonly notices: RenditionNotices,
  ) {}

  async execute(documentId: string, channel: Channel, signal?: AbortSignal): Promise<RenditionOutput> {
    const document = await this.documents.findById(documentId);
    if (!document) throw new DomainError('not_found', `No document ${documentId}`);
    return this.of(document, channel, signal);
  }

  /** The same for a document the caller has read already: dispatch reads a fetch's documents at once. */
  async of(document: Pick<DocumentEntity, 'id' | 'channels'>, channel: Channel, signal?: AbortSignal): Promise<RenditionOutput> {
    const documentId = document.id;
    if (!document.channels.includes(channel)) {
      throw new DomainError('rendition_not_requested', `Document ${documentId} was not requested in the ${channel} channel`);
    }
    const deadline = Date.now() + this.config.limits.renditionWaitMs;
    // Woken by the worker's commit when it announces the document; otherwise asked again every
    // 100 ms at most (a longer pause, 250 ms, added up to that much to an on-demand POST → email).
    // Most reads find it ready (dispatch, a document asked for again): they never listen, and a
    // worker process never opens the listening connection.
    const ready = await this.look(documentId, channel);
    if (ready) return ready;
    for (let pause = 25; ; pause = Math.min(pause * 2, 100)) {
      // Listening before the look, so a commit between the look and the wait still wakes it;
      // the worker announces only documents posted on their own, and the pause is the fallback.
      const notice = this.notices.listen(documentId);
      try {
        const output = await this.look(documentId, channel);
        if (output) return output;
        if (Date.now() + pause > deadline || signal?.aborted) {
          throw new DomainError('rendition_pending', `The ${channel} rendition is not ready yet`, [], {
            retryAfterSeconds: RENDITION_RETRY_AFTER_SECONDS,
          });
        }
        await Promise.race([notice.heard, sleep(pause)]);
      } finally {
        notice.stop();
      }
    }
  }

  /** The rendition if it is ready; a failed one is an error; pending is `undefined`. */
  private async look(documentId: string, channel: Channel): Promise<RenditionOutput | undefined> {
    const rendition = await this.rows.load({ documentId, channel });
    if (rendition?.status === 'ready' && rendition.blobKey && rendition.contentType && rendition.sha256) {
      return {
        channel,
        contentType: rendition.contentType,
        body: await this.bytesOf(rendition, rendition.blobKey, rendition.sha256),
        altBody: rendition.altBody,
        sha256: rendition.sha256,
        metadata: rendition.metadata,
      };
    }
    if (rendition?.status === 'failed') {
      throw new DomainError('rendition_failed', rendition.error?.message ?? `The ${channel} rendition failed`, rendition.error?.errors ?? []);
    }
    return undefined;
  }

  private async bytesOf(rendition: RenditionEntity, key: string, sha256: string): Promise<Buffer> {
    const bytes = await this.bytes.load(key);
    if (!bytes || blobSha256(bytes) !== sha256) {
      // Never serve bytes other than the ones rendered; the store lost or changed them.
      throw new DomainError('unavailable', `The stored bytes of the ${rendition.channel} rendition of ${rendition.documentId} are ${bytes ? 'not the ones rendered' : 'missing'}`);
    }
    return bytes;
  }
}
