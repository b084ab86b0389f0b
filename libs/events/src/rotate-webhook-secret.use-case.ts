import { Injectable } from '@nestjs/common';
import { liveSubscription } from './get-webhook-subscription.use-case';
import { generateWebhookSecret } from './webhook-secret';
import { WebhookSecretSealer } from './webhook-secret.sealer';
import { ROTATION_OVERLAP_MS } from './signing-secrets';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';
import { webhookSubscriptionView, WebhookSubscriptionWithSecret } from './webhook-subscription.view';

/**
 * Gives a subscription a new signing secret, shown in this answer only. For a
 * day every try is signed with the old secret and the new one, so the billing
 * system can switch over without rejecting anything.
 */
@Injectable()
export class RotateWebhookSecretUseCase {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly sealer: WebhookSecretSealer,
  ) {}

  async execute(id: string): Promise<WebhookSubscriptionWithSecret> {
    const current = await liveSubscription(this.subscriptions, id);
    const secret = generateWebhookSecret();
    await this.subscriptions.update(id, {
      secretSealed: this.sealer.seal(secret),
      previousSecretSealed: current.secretSealed,
      previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS),
    });
    return { ...webhookSubscriptionView(await liveSubscription(this.subscriptions, id)), secret };
  }
}
