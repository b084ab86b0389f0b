import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SEND_WEBHOOK_QUEUE, SendWebhookJob, SendWebhookUseCase } from '@app/events';
import { JobQueue } from '@app/jobs';

/** Webhook tries in flight at once in this process: each mostly waits on a billing system's answer. */
const WEBHOOK_CONCURRENCY = 8;

/** Consumes webhook tries; the schedule of the next try is the use case's, the queue only re-runs a crashed one. */
@Injectable()
export class SendWebhookProcessor implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly sendWebhook: SendWebhookUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work<SendWebhookJob>(SEND_WEBHOOK_QUEUE, { concurrency: WEBHOOK_CONCURRENCY }, async (payload, job) => {
      if (typeof payload?.deliveryId !== 'string' || !Number.isInteger(payload.generation)) throw new Error(`webhook job ${job.id} is malformed`);
      await this.sendWebhook.execute(payload);
    });
  }
}
