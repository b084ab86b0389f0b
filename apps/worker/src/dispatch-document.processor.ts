import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PlanDispatchUseCase } from '@app/dispatch';
import { DISPATCH_DOCUMENT_QUEUE, DispatchDocumentJob } from '@app/documents';
import { JobQueue } from '@app/jobs';

/** The hand-off from rendering: a document to dispatch gets its deliveries planned and queued once what they send is rendered. */
@Injectable()
export class DispatchDocumentProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly planDispatch: PlanDispatchUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, { concurrency: 2 }, async (payload, job) => {
      if (typeof payload?.documentId !== 'string') throw new Error(`dispatch job ${job.id} has no documentId`);
      await this.planDispatch.planWhenReady(payload.documentId);
    });
  }
}
