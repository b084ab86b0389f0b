import type { QueueDefinition } from '@app/jobs';

/** A publish scheduled for a future instant; the job starts at that instant. */
export const PUBLISH_VERSION_QUEUE: QueueDefinition = {
  name: 'publish-template-version',
  retryLimit: 10,
  retryDelaySeconds: 5,
  expireInSeconds: 120,
};

export interface PublishVersionJob {
  readonly key: string;
  readonly number: number;
  /** The instant it was scheduled for (ISO); a job for a schedule since replaced does nothing. */
  readonly at: string;
}
