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

/** The render jobs a new document needs: one per part it has channels in. */
export function renderJobsFor(documentId: string, channels: readonly Channel[]): Array<{ queue: QueueDefinition; job: RenderDocumentJob }> {
  const jobs: Array<{ queue: QueueDefinition; job: RenderDocumentJob }> = [];
  if (channels.some((channel) => channel !== 'pdf')) jobs.push({ queue: RENDER_DOCUMENT_QUEUE, job: { documentId, part: 'messages' } });
  if (channels.includes('pdf')) jobs.push({ queue: RENDER_PDF_QUEUE, job: { documentId, part: 'pdf' } });
  return jobs;
}
