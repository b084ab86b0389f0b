import { BeforeApplicationShutdown, Global, Inject, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { jobQueueProvider } from './job-queue.factory';

@Global()
@Module({
  providers: [jobQueueProvider],
  exports: [JobQueue],
})
export class JobsModule implements BeforeApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}

  /** Runs before the database pool closes, so jobs in progress can finish and record their result. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.drain();
  }
}
