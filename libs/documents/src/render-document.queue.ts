import type { QueueDefinition } from '@app/jobs';

/** One coarse job per document renders all of its channels. */
export const RENDER_DOCUMENT_QUEUE: QueueDefinition = {
  name: 'render-document',
  retryLimit: 5,
  retryDelaySeconds: 2,
  expireInSeconds: 300,
};

export interface RenderDocumentJob {
  readonly documentId: string;
}
