import type { QueueDefinition } from '@app/jobs';

/**
 * One try of a webhook delivery. The retry schedule is the delivery's own
 * (each failed try queues the next with `startAfter`); the queue's retries
 * only cover a worker that crashed or could not reach the database mid-try,
 * which re-sends with the same `webhook-id`.
 */
export const SEND_WEBHOOK_QUEUE: QueueDefinition = {
  name: 'send-webhook',
  retryLimit: 10,
  retryDelaySeconds: 5,
  expireInSeconds: 120,
};

export interface SendWebhookJob {
  readonly deliveryId: string;
  /** The delivery's generation this job was queued for; a later one supersedes it. */
  readonly generation: number;
}
