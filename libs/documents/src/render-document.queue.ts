import type { Channel } from '@app/contracts';
import type { QueueDefinition } from '@app/jobs';

/**
 * A document's renditions are rendered by two jobs on two queues, so the
 * cheap channels never wait for Chromium: `render-document` renders the
 * messages (email, SMS, WhatsApp) in a few milliseconds each, `render-pdf`
 * the PDF, with as many jobs at once as the Chromium pool has pages.
 */
export const RENDER_DOCUMENT_QUEUE: QueueDefinition = {
  name: 'render-document',
  retryLimit: 5,
  retryDelaySeconds: 2,
  expireInSeconds: 300,
};

/**
 * The message channels of documents that came in a batch: their own queue, so a
 * document posted on its own never waits behind a batch's thousands.
 */
export const RENDER_BATCH_QUEUE: QueueDefinition = {
  name: 'render-batch',
  retryLimit: 5,
  retryDelaySeconds: 2,
  expireInSeconds: 300,
};

/** Single documents' PDFs are taken before a batch's: the PDF queue is shared, by priority. */
const SINGLE_PDF_PRIORITY = 1;
const BATCH_PDF_PRIORITY = 0;

export const RENDER_PDF_QUEUE: QueueDefinition = {
  name: 'render-pdf',
  retryLimit: 5,
  retryDelaySeconds: 2,
  expireInSeconds: 300,
};

/** Which renditions a job renders: `messages` every channel but the PDF, `pdf` the PDF only. */
export type RenderPart = 'messages' | 'pdf';

export interface RenderDocumentJob {
  readonly documentId: string;
  /** Absent in jobs queued before the split: such a job renders every pending channel. */
  readonly part?: RenderPart;
}

export function isInPart(channel: Channel, part: RenderPart | undefined): boolean {
  if (!part) return true;
  return part === 'pdf' ? channel === 'pdf' : channel !== 'pdf';
}

export interface RenderJob {
  readonly queue: QueueDefinition;
  readonly job: RenderDocumentJob;
  readonly priority: number;
}

/** The render jobs a new document needs: one per part it has channels in; a batch's on the batch lanes. */
export function renderJobsFor(documentId: string, channels: readonly Channel[], inBatch = false): RenderJob[] {
  const jobs: RenderJob[] = [];
  if (channels.some((channel) => channel !== 'pdf')) {
    jobs.push({ queue: inBatch ? RENDER_BATCH_QUEUE : RENDER_DOCUMENT_QUEUE, job: { documentId, part: 'messages' }, priority: 0 });
  }
  if (channels.includes('pdf')) {
    jobs.push({ queue: RENDER_PDF_QUEUE, job: { documentId, part: 'pdf' }, priority: inBatch ? BATCH_PDF_PRIORITY : SINGLE_PDF_PRIORITY });
  }
  return jobs;
}
