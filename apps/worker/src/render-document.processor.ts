import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { RENDER_BATCH_QUEUE, RENDER_DOCUMENT_QUEUE, RENDER_PDF_QUEUE, RenderDocumentJob, RenderDocumentUseCase } from '@app/documents';
import { JobQueue } from '@app/jobs';

/**
 * Message render jobs taken from the queue at once: a job is a few milliseconds of CPU, so
 * fetching and completing them one by one cost more round trips to PostgreSQL than rendering.
 */
const MESSAGE_RENDER_BATCH = 8;

/**
 * Consumes render jobs; the rendering itself is the use case's, shared with any other caller.
 * The message channels and the PDF have their own queues and concurrency, so a slow or
 * stuck PDF holds back neither a document's email, SMS and WhatsApp nor other documents'.
 */
@Injectable()
export class RenderDocumentProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly renderDocument: RenderDocumentUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handle = async (payload: RenderDocumentJob, job: { id: string }) => {
      if (typeof payload?.documentId !== 'string') throw new Error(`render job ${job.id} has no documentId`);
      await this.renderDocument.execute(payload.documentId, payload.part);
    };
    await this.jobs.work<RenderDocumentJob>(
      RENDER_DOCUMENT_QUEUE,
      { concurrency: this.config.worker.renderConcurrency, batchSize: MESSAGE_RENDER_BATCH },
      handle,
    );
    // A batch's messages on lanes of their own: a document posted alone never waits behind a batch.
    await this.jobs.work<RenderDocumentJob>(
      RENDER_BATCH_QUEUE,
      { concurrency: this.config.worker.renderConcurrency, batchSize: MESSAGE_RENDER_BATCH },
      handle,
    );
    await this.jobs.work<RenderDocumentJob>(RENDER_PDF_QUEUE, { concurrency: this.config.worker.pdfConcurrency }, handle);
  }
}
