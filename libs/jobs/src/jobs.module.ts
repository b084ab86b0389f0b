import { BeforeApplicationShutdown, Global, Inject, Module } from '@nestjs/common';
import { PgBoss } from 'pg-boss';
import { DATABASE_URL } from '@app/persistence';
import { JobQueue } from './job-queue';
import { PgBossJobQueue } from './pg-boss.job-queue';

@Global()
@Module({
  providers: [
    {
      provide: JobQueue,
      inject: [DATABASE_URL],
      // The schema is installed by the owner before the runtime starts (installJobQueueSchema).
      useFactory: async (url: string) => {
        const queue = new PgBossJobQueue(new PgBoss({ connectionString: url, max: 5, application_name: 'ccm-jobs', migrate: false, createSchema: false }));
        await queue.start();
        return queue;
      },
    },
  ],
  exports: [JobQueue],
})
export class JobsModule implements BeforeApplicationShutdown {
  constructor(@Inject(JobQueue) private readonly queue: JobQueue) {}

  /** Runs before the database pool closes, so jobs in progress can finish and record their result. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.drain();
  }
}
