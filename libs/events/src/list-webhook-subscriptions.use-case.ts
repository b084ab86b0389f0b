import { Injectable } from '@nestjs/common';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { webhookSubscriptionView, WebhookSubscriptionView } from './webhook-subscription.view';

/** Every subscription not deleted, oldest first; never their secrets. */
@Injectable()
export class ListWebhookSubscriptionsUseCase {
  constructor(private readonly subscriptions: WebhookSubscriptionRepository) {}

  async execute(): Promise<WebhookSubscriptionView[]> {
    return (await this.subscriptions.listLive()).map(webhookSubscriptionView);
  }
}
