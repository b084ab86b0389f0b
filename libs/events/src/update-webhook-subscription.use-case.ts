import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { EventType } from './event-types';
import { liveSubscription } from './get-webhook-subscription.use-case';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { webhookSubscriptionView, WebhookSubscriptionView } from './webhook-subscription.view';
import { checkWebhookUrl } from './webhook-url.policy';

export interface WebhookSubscriptionChanges {
  readonly url?: string;
  readonly eventTypes?: readonly EventType[];
  readonly description?: string | null;
  readonly enabled?: boolean;
}

/**
 * Changes what a subscription receives and where. Enabling one gives it a
 * clean slate (reason and failure count cleared); disabling one by hand says so.
 */
@Injectable()
export class UpdateWebhookSubscriptionUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscriptions: WebhookSubscriptionRepository,
  ) {}

  async execute(id: string, input: WebhookSubscriptionChanges): Promise<WebhookSubscriptionView> {
    const current = await liveSubscription(this.subscriptions, id);
    const changes: Partial<WebhookSubscriptionEntity> = {};
    if (input.url !== undefined) changes.url = checkWebhookUrl(input.url, this.config.webhooks.allowPrivateUrls).toString();
    if (input.eventTypes !== undefined) changes.eventTypes = [...new Set(input.eventTypes)];
    if (input.description !== undefined) changes.description = input.description;
    if (input.enabled === true && !current.enabled) {
      Object.assign(changes, { enabled: true, disabledReason: null, disabledAt: null, consecutiveFailedEvents: 0, failingSince: null });
    } else if (input.enabled === false && current.enabled) {
      Object.assign(changes, { enabled: false, disabledReason: 'disabled through the API', disabledAt: new Date() });
    }
    if (Object.keys(changes).length) await this.subscriptions.update(id, changes);
    return webhookSubscriptionView(await liveSubscription(this.subscriptions, id));
  }
}
