import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PURGE_IDEMPOTENCY_KEYS_CRON, PURGE_IDEMPOTENCY_KEYS_QUEUE, PurgeIdempotencyKeysUseCase } from '@app/documents';
import { JobQueue } from '@app/jobs';

/** Schedules and runs the hourly purge of expired idempotency keys. */
@Injectable()
export class PurgeIdempotencyKeysProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly purge: PurgeIdempotencyKeysUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.schedule(PURGE_IDEMPOTENCY_KEYS_QUEUE, PURGE_IDEMPOTENCY_KEYS_CRON, {});
    await this.jobs.work(PURGE_IDEMPOTENCY_KEYS_QUEUE, { concurrency: 1 }, async () => {
      await this.purge.execute();
    });
  }
}
