import { BeforeApplicationShutdown, Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { scrapedGauge } from '@app/observability';
import { JobQueue } from './job-queue';
import { jobQueueProvider } from './job-queue.factory';

const DEPTH_STATES = ['ready', 'delayed', 'active', 'outbox'] as const;

@Global()
@Module({
  providers: [jobQueueProvider],
  exports: [JobQueue],
})
export class JobsModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}

  onModuleInit(): void {
    scrapedGauge('ccm_queue_jobs', 'Jobs per queue and state: ready, delayed (start time or retry wait), active, outbox (committed, not yet in Redis)', ['queue', 'state'], async () =>
      (await this.queue.depth()).flatMap((depth) => DEPTH_STATES.map((state) => ({ labels: { queue: depth.queue, state }, value: depth[state] }))),
    );
  }

  /** Runs before the database pool closes, so jobs in progress can finish and record their result. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.drain();
  }
}
