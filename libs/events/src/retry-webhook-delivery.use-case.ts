import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '@app/jobs';
import { DomainError } from '@app/kernel';
import { SEND_WEBHOOK_QUEUE, SendWebhookJob } from './webhook-delivery.queue';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { webhookDeliveryView, WebhookDeliveryView } from './webhook-delivery.view';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';

/**
 * Sends a delivery again now, whatever became of it, with the same
 * `webhook-id` (receivers deduplicate on it). It is one try: a failure fails
 * the delivery again rather than starting the schedule over. A try already
 * queued is superseded, so the delivery is not sent twice.
 */
@Injectable()
export class RetryWebhookDeliveryUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly jobs: JobQueue,
  ) {}

  async execute(id: string): Promise<WebhookDeliveryView> {
    await this.db.transaction(async (manager) => {
      const delivery = await this.deliveries.lock(id, manager);
      if (!delivery) throw new DomainError('not_found', `No webhook delivery ${id}`);
      const subscription = await this.subscriptions.findLive(delivery.subscriptionId);
      if (!subscription) throw new DomainError('invalid_state', `The subscription of webhook delivery ${id} was deleted`);
      if (!subscription.enabled) {
        throw new DomainError('invalid_state', `The subscription of webhook delivery ${id} is disabled; enable it first`);
      }
      const next: SendWebhookJob = { deliveryId: id, generation: delivery.generation + 1 };
      await this.deliveries.update(id, { status: 'pending', generation: next.generation, finalTry: true, nextAttemptAt: new Date() }, manager);
      await this.jobs.enqueue<SendWebhookJob>(SEND_WEBHOOK_QUEUE, next, { within: manager });
    });
    const delivery = (await this.deliveries.findById(id))!;
    return webhookDeliveryView(delivery, await this.deliveries.attemptsOf([id]));
  }
}
