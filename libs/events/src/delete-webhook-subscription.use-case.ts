import { Injectable } from '@nestjs/common';
import { liveSubscription } from './get-webhook-subscription.use-case';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';

/** Stops a subscription for good. Its row stays (marked deleted) so its deliveries and their tries stay readable. */
@Injectable()
export class DeleteWebhookSubscriptionUseCase {
  constructor(private readonly subscriptions: WebhookSubscriptionRepository) {}

  async execute(id: string): Promise<void> {
    await liveSubscription(this.subscriptions, id);
    await this.subscriptions.update(id, { deletedAt: new Date(), enabled: false });
  }
}
