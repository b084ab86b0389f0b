import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Semaphore } from 'async-mutex';
import DataLoader from 'dataloader';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DELIVERY_CHANNELS, DELIVERY_QUEUES, DeliveryChannel, deliveriesToSend, SendDeliveriesJob, SendDeliveryJob, SendDeliveryUseCase } from '@app/dispatch';
import { JobQueue } from '@app/jobs';
import { ForegroundWork } from '@app/kernel';

/**
 * At most this many deliveries of one channel taken in one fetch and tried
 * together, and never more than the channel's concurrency (32 by default). A
 * channel tries one batch at a time, so with a backlog the try's size is its
 * pace: with tries of 16, over 100,000 invoices, every channel fell behind the
 * renders and email was sent alone at the end of the run; with 32 the sends
 * kept up and the run was 7-17 % faster (bench/README.md). A try waits while
 * documents posted on their own render (`ForegroundWork`): without that wait,
 * tries of 32 made those documents 350-550 ms later at the p99; with it, 65-156.
 */
const SEND_BATCH = 32;

/**
 * One worker per channel's queue, with as many deliveries in hand as its
 * provider is given (`CCM_DISPATCH_<CHANNEL>_CONCURRENCY`): that is also the
 * most a kill can catch between a provider's acceptance and its record, so
 * batching does not widen it. A gate weighs each job by its deliveries, so a
 * chunk of sixteen counts as sixteen. The jobs of one fetch are coalesced
 * into one `executeMany` — one read, one `sending` mark, one settle — while
 * each job keeps its own success or failure; a chunk's delivery that fails is
 * handed a job of its own, with its own retries.
 */
@Injectable()
export class SendDeliveryProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger('SendDelivery');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobs: JobQueue,
    private readonly sendDelivery: SendDeliveryUseCase,
    private readonly foreground: ForegroundWork,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const channel of DELIVERY_CHANNELS) {
      const inHand = this.config.dispatch.concurrency[channel];
      const batchSize = Math.min(SEND_BATCH, inHand);
      // Resolves in a microtask when there is room, so the calls of one fetch still reach the loader in one turn.
      const gate = new Semaphore(inHand);
      // A try waits while documents posted on their own render: their promise is the rendered message.
      const loader = new DataLoader<string, null>(async (ids) => {
        await this.foreground.idle();
        return this.sendDelivery.executeMany(ids);
      }, {
        cache: false,
        maxBatchSize: batchSize,
        // The handlers of one fetch start side by side; a macrotask later, all of them have asked.
        batchScheduleFn: (run) => setImmediate(run),
      });
      await this.jobs.work<SendDeliveryJob | SendDeliveriesJob>(DELIVERY_QUEUES[channel], { concurrency: inHand, batchSize }, async (payload, job) => {
        const ids = deliveriesToSend(payload);
        if (!ids) throw new Error(`${channel} delivery job ${job.id} names no delivery`);
        if (ids.length === 1) return void (await gate.runExclusive(() => loader.load(ids[0])));
        // Through the loader too: the chunks of one fetch are tried together, in tries of up to `batchSize`.
        const pieces: Array<readonly string[]> = [];
        for (let start = 0; start < ids.length; start += batchSize) pieces.push(ids.slice(start, start + batchSize));
        const outcomes = (await Promise.all(pieces.map((piece) => gate.runExclusive(() => loader.loadMany(piece), piece.length)))).flat();
        await this.retryAlone(channel, ids, outcomes.map((outcome) => (outcome instanceof Error ? outcome : null)));
      });
    }
  }

  /** A chunk's deliveries whose try failed go on as jobs of their own, after the queue's retry delay: their neighbours are not tried again. */
  private async retryAlone(channel: DeliveryChannel, ids: readonly string[], outcomes: ReadonlyArray<Error | null>): Promise<void> {
    const queue = DELIVERY_QUEUES[channel];
    const startAfter = new Date(Date.now() + queue.retryDelaySeconds * 1000);
    for (const [index, outcome] of outcomes.entries()) {
      if (!outcome) continue;
      this.logger.warn(`${channel} delivery ${ids[index]} of a chunk failed (${outcome.message}); it is retried on its own`);
      await this.jobs.enqueue<SendDeliveryJob>(queue, { deliveryId: ids[index] }, { startAfter });
    }
  }
}
