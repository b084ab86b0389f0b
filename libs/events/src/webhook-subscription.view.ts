import type { EventType } from './event-types';
import type { WebhookSubscriptionEntity } from './webhook-subscription.entity';

export interface WebhookSubscriptionView {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly EventType[];
  readonly description: string | null;
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly disabledAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A subscription with its signing secret: the answer to creating one or rotating its secret, and only those. */
export interface WebhookSubscriptionWithSecret extends WebhookSubscriptionView {
  readonly secret: string;
}

export function webhookSubscriptionView(s: WebhookSubscriptionEntity): WebhookSubscriptionView {
  return {
    id: s.id,
    url: s.url,
    eventTypes: s.eventTypes,
    description: s.description,
    enabled: s.enabled,
    disabledReason: s.disabledReason,
    disabledAt: s.disabledAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}
