import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DELIVERY_CHANNELS, DELIVERY_QUEUES, SendDeliveryJob, SendDeliveryUseCase } from '@app/dispatch';
import { JobQueue } from '@app/jobs';

/** One worker per channel's queue, as many at once as its provider is given (`CCM_DISPATCH_<CHANNEL>_CONCURRENCY`). */
@Injectable()
export class SendDeliveryProcessor implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly sendDelivery: SendDeliveryUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const channel of DELIVERY_CHANNELS) {
      await this.jobs.work<SendDeliveryJob>(DELIVERY_QUEUES[channel], { concurrency: this.config.dispatch.concurrency[channel] }, async (payload, job) => {
        if (typeof payload?.deliveryId !== 'string') throw new Error(`${channel} delivery job ${job.id} has no deliveryId`);
        await this.sendDelivery.execute(payload.deliveryId);
      });
    }
  }
}
