import type { QueueDefinition } from '@app/jobs';

/**
 * A document asked to be dispatched (`dispatch: true`) is handed on once all of
 * its renditions are rendered. The job is the consumer's (`@app/dispatch`) to
 * work; its retry policy is what an unreachable or busy mail server gets:
 * exponential backoff from 2 s over 8 retries.
 */
export const DISPATCH_DOCUMENT_QUEUE: QueueDefinition = {
  name: 'dispatch-document',
  retryLimit: 8,
  retryDelaySeconds: 2,
  expireInSeconds: 300,
};

export interface DispatchDocumentJob {
  readonly documentId: string;
}
