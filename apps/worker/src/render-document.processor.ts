import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { RENDER_DOCUMENT_QUEUE, RenderDocumentJob, RenderDocumentUseCase } from '@app/documents';
import { JobQueue } from '@app/jobs';

/** Consumes render jobs; the rendering itself is the use case's, shared with any other caller. */
@Injectable()
export class RenderDocumentProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly renderDocument: RenderDocumentUseCase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<RenderDocumentJob>(
      RENDER_DOCUMENT_QUEUE,
      { concurrency: this.config.worker.renderConcurrency },
      async (payload, job) => {
        if (typeof payload?.documentId !== 'string') throw new Error(`render job ${job.id} has no documentId`);
        await this.renderDocument.execute(payload.documentId);
      },
    );
  }
}
