import type { QueueDefinition } from '@app/jobs';
import type { DeliveryChannel } from './delivery.entity';

/**
 * A channel's queue per provider, so each gets its own concurrency and rate.
 * A job is one delivery (`SendDeliveryJob`), or the deliveries of that channel
 * that one plan queued together (`SendDeliveriesJob`). Retries after a
 * provider's refusal are the use case's own (a new job with `startAfter`);
 * pg-boss retries only a job whose worker died or threw: after
 * `expireInSeconds` (2 minutes, well above the provider timeout) a job left
 * active by a crashed worker runs again, and finds its delivery `sending`.
 */
export const DELIVERY_QUEUES: Readonly<Record<DeliveryChannel, QueueDefinition>> = {
  email: { name: 'dispatch-email', retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 120 },
  sms: { name: 'dispatch-sms', retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 120 },
  whatsapp: { name: 'dispatch-whatsapp', retryLimit: 5, retryDelaySeconds: 5, expireInSeconds: 120 },
};

export interface SendDeliveryJob {
  readonly deliveryId: string;
}

/**
 * Deliveries of one channel queued by one plan: one queue row for all of them
 * instead of one each, since for a billing run the job's insert, fetch and
 * completion cost more than the send. They are sent together, and one that
 * fails is handed a `SendDeliveryJob` of its own, with its own retries.
 */
export interface SendDeliveriesJob {
  readonly deliveryIds: readonly string[];
}

/** Deliveries in one `SendDeliveriesJob`: what one send fetch of a worker takes at most. */
export const SEND_CHUNK_SIZE = 16;

/** The deliveries a send job names, or undefined for a payload that names none. */
export function deliveriesToSend(job: SendDeliveryJob | SendDeliveriesJob | undefined): readonly string[] | undefined {
  if (job && 'deliveryIds' in job && Array.isArray(job.deliveryIds) && job.deliveryIds.every((id) => typeof id === 'string')) return job.deliveryIds;
  if (job && 'deliveryId' in job && typeof job.deliveryId === 'string') return [job.deliveryId];
  return undefined;
}

/** The jobs that queue `deliveryIds` of one channel: chunks of `SEND_CHUNK_SIZE`, a lone delivery as a job of its own. */
export function sendJobsFor(deliveryIds: readonly string[]): Array<SendDeliveryJob | SendDeliveriesJob> {
  const jobs: Array<SendDeliveryJob | SendDeliveriesJob> = [];
  for (let start = 0; start < deliveryIds.length; start += SEND_CHUNK_SIZE) {
    const chunk = deliveryIds.slice(start, start + SEND_CHUNK_SIZE);
    jobs.push(chunk.length === 1 ? { deliveryId: chunk[0] } : { deliveryIds: chunk });
  }
  return jobs;
}
