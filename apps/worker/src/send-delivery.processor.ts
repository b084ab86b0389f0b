import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import DataLoader from 'dataloader';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DELIVERY_CHANNELS, DELIVERY_QUEUES, SendDeliveryJob, SendDeliveryUseCase } from '@app/dispatch';
import { JobQueue } from '@app/jobs';

/** At most this many deliveries of one channel taken in one fetch and tried together. */
const SEND_BATCH = 16;

/**
 * One worker per channel's queue, with as many deliveries in hand as its
 * provider is given (`CCM_DISPATCH_<CHANNEL>_CONCURRENCY`): that is also the
 * most a kill can catch between a provider's acceptance and its record, so
 * batching does not widen it. The jobs of one fetch are coalesced into one
 * `executeMany` — one read, one `sending` mark, one settle — while each job
 * keeps its own success or failure.
 */
@Injectable()
export class SendDeliveryProcessor implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly sendDelivery: SendDeliveryUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const channel of DELIVERY_CHANNELS) {
      const inHand = this.config.dispatch.concurrency[channel];
      const batchSize = Math.min(SEND_BATCH, inHand);
      const loader = new DataLoader<string, null>((ids) => this.sendDelivery.executeMany(ids), {
        cache: false,
        maxBatchSize: batchSize,
        // The handlers of one fetch start side by side; a macrotask later, all of them have asked.
        batchScheduleFn: (run) => setImmediate(run),
      });
      await this.jobs.work<SendDeliveryJob>(DELIVERY_QUEUES[channel], { concurrency: inHand, batchSize }, async (payload, job) => {
        if (typeof payload?.deliveryId !== 'string') throw new Error(`${channel} delivery job ${job.id} has no deliveryId`);
        await loader.load(payload.deliveryId);
      });
    }
  }
}
