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

/**
 * One document to plan (`documentId`), or the documents one render
 * transaction handed on (`documentIds`): their plans are made together, and a
 * document whose plan fails is handed a job of its own, with its own retries.
 */
export type DispatchDocumentJob = { readonly documentId: string } | { readonly documentIds: readonly string[] };

/** The documents a dispatch job names, or undefined for a payload that names none. */
export function documentsToDispatch(job: DispatchDocumentJob | undefined): readonly string[] | undefined {
  if (job && 'documentIds' in job && Array.isArray(job.documentIds) && job.documentIds.every((id) => typeof id === 'string')) return job.documentIds;
  if (job && 'documentId' in job && typeof job.documentId === 'string') return [job.documentId];
  return undefined;
}
