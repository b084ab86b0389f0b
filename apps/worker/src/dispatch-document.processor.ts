import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DispatchDeliveryUseCase } from '@app/dispatch';
import { DISPATCH_DOCUMENT_QUEUE, DispatchDocumentJob } from '@app/documents';
import { JobQueue } from '@app/jobs';

/** Messages handed to the transport at once by this process: a pooled SMTP transport keeps a few connections. */
const DISPATCH_CONCURRENCY = 4;

/** Consumes dispatch jobs; a temporary transport failure throws, so the queue retries with backoff. */
@Injectable()
export class DispatchDocumentProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly dispatchDelivery: DispatchDeliveryUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, { concurrency: DISPATCH_CONCURRENCY }, async (payload, job) => {
      if (typeof payload?.documentId !== 'string') throw new Error(`dispatch job ${job.id} has no documentId`);
      await this.dispatchDelivery.execute(payload.documentId, { last: job.attempt > DISPATCH_DOCUMENT_QUEUE.retryLimit });
    });
  }
}
