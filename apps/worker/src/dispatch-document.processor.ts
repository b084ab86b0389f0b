import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import DataLoader from 'dataloader';
import { PlannedDispatch, PlanDispatchUseCase } from '@app/dispatch';
import { DISPATCH_DOCUMENT_QUEUE, DispatchDocumentJob, documentsToDispatch } from '@app/documents';
import { JobQueue } from '@app/jobs';

/** Lanes taking dispatch jobs, each fetching this many at once. */
const PLAN_LANES = 2;
const PLAN_FETCH = 8;
/** Documents planned in one transaction, from however many jobs asked at once. */
const PLAN_BATCH = 32;

/**
 * The hand-off from rendering: a document to dispatch gets its deliveries
 * planned and queued once what they send is rendered. A job names one
 * document or the documents of one render transaction; the documents of the
 * jobs of one fetch are coalesced into plans of many documents, since a plan
 * costs mostly round trips, not work. A document whose plan fails is handed a
 * job of its own, so its retries never plan its neighbours again.
 */
@Injectable()
export class DispatchDocumentProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('DispatchDocument');
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
    await this.jobs.work<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, { concurrency: PLAN_LANES * PLAN_FETCH, batchSize: PLAN_FETCH }, async (payload, job) => {
      const ids = documentsToDispatch(payload);
      if (!ids) throw new Error(`dispatch job ${job.id} names no document`);
      const outcomes = await this.loader.loadMany(ids);
      const failed = ids.flatMap((id, index) => {
        const outcome = outcomes[index];
        return outcome instanceof Error ? [{ id, error: outcome }] : [];
      });
      if (!failed.length) return;
      if (ids.length === 1) throw failed[0].error;
      for (const { id, error } of failed) this.logger.warn(`planning document ${id} failed (${error.message}); it is retried on its own`);
      await this.jobs.enqueueMany<DispatchDocumentJob>(DISPATCH_DOCUMENT_QUEUE, failed.map(({ id }) => ({ documentId: id })));
    });
  }
}
