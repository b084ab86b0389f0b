import type { QueueDefinition } from '@app/jobs';
import type { DeliveryChannel } from './delivery.entity';

/**
 * One job per delivery, on its channel's queue, so each provider gets its own
 * concurrency and rate. Retries after a provider's refusal are the use case's
 * own (a new job with `startAfter`); pg-boss retries only a job whose worker
 * died or threw: after `expireInSeconds` (2 minutes, well above the provider
 * timeout) a job left active by a crashed worker runs again, and finds its
 * delivery `sending`.
 */
export const DELIVERY_QUEUES: Readonly<Record<DeliveryChannel, QueueDefinition>> = {
  email: { name: 'dispatch-email', retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 120 },
  sms: { name: 'dispatch-sms', retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 120 },
  whatsapp: { name: 'dispatch-whatsapp', retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 120 },
};

export interface SendDeliveryJob {
  readonly deliveryId: string;
}
