import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import DataLoader from 'dataloader';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  isRenderChunk,
  RENDER_BATCH_QUEUE,
  RENDER_CHUNK_SIZE,
  RENDER_DOCUMENT_QUEUE,
  RENDER_PDF_QUEUE,
  RenderChunkJob,
  RenderDocumentJob,
  RenderDocumentUseCase,
  RenderPart,
} from '@app/documents';
import { JobQueue } from '@app/jobs';
import { ForegroundWork } from '@app/kernel';

/**
 * Message render jobs taken from the queue at once: a job is a few milliseconds of CPU, so
 * fetching and completing them one by one cost more round trips to PostgreSQL than rendering.
 */
const MESSAGE_RENDER_BATCH = 8;

/**
 * Chunks of a batch rendered at once, at least. A chunk waits on PostgreSQL (its reads, its
 * one transaction) between its stretches of merging: with two lanes, a billing run left a
 * quarter of two cores idle, and 100,000 invoices rendered and were sent faster with four.
 */
const MIN_CHUNK_LANES = 4;

/**
 * PDF jobs taken from the queue at once. `CCM_PDF_CONCURRENCY` jobs in flight are polled by
 * that many over this lanes rather than one poller each, and the jobs of one fetch reach the
 * engine together, where those of one template and language share a print.
 */
const PDF_FETCH_BATCH = 8;

/**
 * Consumes render jobs; the rendering itself is the use case's, shared with any other caller.
 * The message channels and the PDF have their own queues and concurrency, so a slow or
 * stuck PDF holds back neither a document's email, SMS and WhatsApp nor other documents'.
 *
 * The message jobs of one fetch are rendered together (one read of each kind and one
 * transaction for all of them), yet each job still settles by its own document's outcome:
 * the loader hands every job back its own result, so one failing is retried alone.
 */
@Injectable()
export class RenderDocumentProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('RenderDocument');

  constructor(
    private readonly jobs: JobQueue,
    private readonly renderDocument: RenderDocumentUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly foreground: ForegroundWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const messages = this.messageLoader();
    const handleMessages = async (payload: RenderDocumentJob, job: { id: string }) => {
      await messages.load(documentOf(payload, job));
    };
    // Documents posted on their own: while they render, a billing run's next chunk and send try wait.
    await this.jobs.work<RenderDocumentJob>(
      RENDER_DOCUMENT_QUEUE,
      { concurrency: this.config.worker.renderConcurrency, batchSize: MESSAGE_RENDER_BATCH },
      (payload, job) => this.foreground.run(() => handleMessages(payload, job)),
    );
    // A batch's messages on lanes of their own: a document posted alone never waits behind a batch.
    // They come in chunks (`RenderChunkJob`), and a chunk's failed documents come back one job each.
    const chunkLanes = Math.max(MIN_CHUNK_LANES, Math.ceil(this.config.worker.renderConcurrency / RENDER_CHUNK_SIZE));
    await this.jobs.work<RenderDocumentJob | RenderChunkJob>(RENDER_BATCH_QUEUE, { concurrency: chunkLanes }, async (payload, job) => {
      if (payload && isRenderChunk(payload)) await this.renderChunk(payload);
      else await handleMessages(payload, job);
    });
    await this.jobs.work<RenderDocumentJob>(RENDER_PDF_QUEUE, { concurrency: this.config.worker.pdfConcurrency, batchSize: PDF_FETCH_BATCH }, async (payload, job) => {
      const { documentId, part } = documentOf(payload, job);
      await this.renderDocument.execute(documentId, part);
    });
  }

  /**
   * Renders a chunk's documents together; each that fails is handed a job of
   * its own on the same queue, with its own retries, and the chunk is done. A
   * crash before that leaves the chunk's job to be retried, which renders only
   * what is still pending.
   */
  private async renderChunk(chunk: RenderChunkJob): Promise<void> {
    await this.foreground.idle();
    const failures = await this.renderDocument.executeMany(chunk.documentIds, chunk.part);
    const failed = chunk.documentIds.flatMap((documentId, index) => {
      const failure = failures[index];
      return failure ? [{ documentId, failure }] : [];
    });
    if (!failed.length) return;
    for (const { documentId, failure } of failed) this.logger.warn(`rendering document ${documentId} of a chunk failed (${failure.message}); it is retried on its own`);
    await this.jobs.enqueueMany<RenderDocumentJob>(RENDER_BATCH_QUEUE, failed.map(({ documentId }) => ({ documentId, part: chunk.part })));
  }

  /**
   * Gathers the handler calls of one fetch: the driver starts a fetch's jobs side by side
   * within one turn of the event loop, so waiting for the next turn (`setImmediate`)
   * collects them all. No cache: every job renders what is pending when it runs.
   */
  private messageLoader(): DataLoader<RenderDocumentJob, void, string> {
    return new DataLoader<RenderDocumentJob, void, string>(
      async (jobs) => {
        const results: Array<Error | undefined> = new Array<Error | undefined>(jobs.length);
        // Jobs queued before the split carry no part; they render with their own kind.
        const parts = new Set(jobs.map((job) => job.part));
        for (const part of parts) {
          const indexes = jobs.flatMap((job, index) => (job.part === part ? [index] : []));
          const failures = await this.renderDocument.executeMany(
            indexes.map((index) => jobs[index].documentId),
            part,
          );
          indexes.forEach((index, n) => (results[index] = failures[n]));
        }
        // An Error in its place rejects that job's `load` alone.
        return results;
      },
      { cache: false, maxBatchSize: MESSAGE_RENDER_BATCH, batchScheduleFn: (callback) => setImmediate(callback) },
    );
  }
}

function documentOf(payload: RenderDocumentJob, job: { id: string }): { documentId: string; part?: RenderPart } {
  if (typeof payload?.documentId !== 'string') throw new Error(`render job ${job.id} has no documentId`);
  return { documentId: payload.documentId, part: payload.part };
}
