import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { webhookSubscriptionView, WebhookSubscriptionView } from './webhook-subscription.view';

@Injectable()
export class GetWebhookSubscriptionUseCase {
  constructor(private readonly subscriptions: WebhookSubscriptionRepository) {}

  async execute(id: string): Promise<WebhookSubscriptionView> {
    return webhookSubscriptionView(await liveSubscription(this.subscriptions, id));
  }
}

export async function liveSubscription(subscriptions: WebhookSubscriptionRepository, id: string): Promise<WebhookSubscriptionEntity> {
  const subscription = await subscriptions.findLive(id);
  if (!subscription) throw new DomainError('not_found', `No webhook subscription ${id}`);
  return subscription;
}
