import type { QueueDefinition } from '@app/jobs';

/**
 * A document asked to be dispatched (`dispatch: true`) is handed on once all of
 * its renditions are rendered. The job is the consumer's (`@app/dispatch`) to
 * work: it only plans the document's deliveries, each of which gets its own
 * job and retries; this policy covers a planning interrupted by a crash or a
 * lost database connection.
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
