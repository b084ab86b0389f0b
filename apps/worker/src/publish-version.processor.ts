import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PUBLISH_VERSION_QUEUE, PublishVersionJob, PublishTemplateVersionUseCase } from '@app/governance';
import { JobQueue } from '@app/jobs';

/** Carries out publishes scheduled for a future instant; the use case decides whether the schedule still stands. */
@Injectable()
export class PublishVersionProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly publishVersion: PublishTemplateVersionUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<PublishVersionJob>(PUBLISH_VERSION_QUEUE, { concurrency: 1 }, async (payload, job) => {
      if (typeof payload?.key !== 'string' || !Number.isInteger(payload?.number) || typeof payload?.at !== 'string') {
        throw new Error(`publish job ${job.id} has no key, number and at`);
      }
      await this.publishVersion.runScheduled(payload);
    });
  }
}
