import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@app/config';
import type { EventType } from './event-types';
import { generateWebhookSecret } from './webhook-secret';
import { WebhookSecretSealer } from './webhook-secret.sealer';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { webhookSubscriptionView, WebhookSubscriptionWithSecret } from './webhook-subscription.view';
import { checkWebhookUrl } from './webhook-url.policy';

export interface NewWebhookSubscription {
  readonly url: string;
  readonly eventTypes: readonly EventType[];
  readonly description?: string;
}

/** Subscribes a URL to event types; the signing secret is in the answer only. */
@Injectable()
export class CreateWebhookSubscriptionUseCase {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly sealer: WebhookSecretSealer,
  ) {}

  async execute(input: NewWebhookSubscription): Promise<WebhookSubscriptionWithSecret> {
    const url = checkWebhookUrl(input.url, this.config.webhooks.allowPrivateUrls);
    const secret = generateWebhookSecret();
    const now = new Date();
    const subscription = {
      id: randomUUID(),
      url: url.toString(),
      eventTypes: [...new Set(input.eventTypes)],
      description: input.description ?? null,
      secretSealed: this.sealer.seal(secret),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailedEvents: 0,
      failingSince: null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    await this.subscriptions.insert(subscription);
    return { ...webhookSubscriptionView(subscription), secret };
  }
}
