import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import DataLoader from 'dataloader';
import { PlannedDispatch, PlanDispatchUseCase } from '@app/dispatch';
import { DISPATCH_DOCUMENT_QUEUE, DispatchDocumentJob } from '@app/documents';
import { JobQueue } from '@app/jobs';

/** Lanes planning at once, each with up to this many documents of one fetch planned in one transaction. */
const PLAN_LANES = 2;
const PLAN_BATCH = 25;

/**
 * The hand-off from rendering: a document to dispatch gets its deliveries
 * planned and queued once what they send is rendered. The jobs of one fetch
 * are coalesced into one plan of many documents (each job still succeeds or
 * fails on its own), since a plan costs mostly round trips, not work.
 */
@Injectable()
export class DispatchDocumentProcessor implements OnApplicationBootstrap {
  private readonly loader: DataLoader<string, PlannedDispatch>;

  constructor(
    private readonly jobs: JobQueue,
    private readonly planDispatch: PlanDispatchUseCase,
  ) {
    this.loader = new DataLoader((ids) => this.planDispatch.planManyWhenReady(ids), {
      cache: false,
      maxBatchSize: PLAN_BATCH,
      // The handlers of one fetch start side by side; a macrotask later, all of them have asked.
      batchScheduleFn: (run) => setImmediate(run),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, { concurrency: PLAN_LANES * PLAN_BATCH, batchSize: PLAN_BATCH }, async (payload, job) => {
      if (typeof payload?.documentId !== 'string') throw new Error(`dispatch job ${job.id} has no documentId`);
      await this.loader.load(payload.documentId);
    });
  }
}
