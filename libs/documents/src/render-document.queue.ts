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
  awaited: true,
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

/**
 * Documents of a batch whose messages one job renders together. A job per
 * document cost three writes of a queue row each (sent, fetched, completed):
 * a chunk pays them once for its documents, and renders them in one
 * transaction. A document of the chunk that fails is handed a job of its own
 * (`RenderDocumentJob`, same queue) with its own retries; the chunk does not
 * render again for it.
 */
export interface RenderChunkJob {
  readonly documentIds: readonly string[];
  readonly part: 'messages';
}

/**
 * Documents in one `RenderChunkJob`. A chunk's statements (its fetch, reads, the renditions'
 * update, the blobs' insert, the hand-off to dispatch) are paid once for all of them: over
 * 20,000 invoices on two cores, 32 a chunk against 16 took 0.3–0.5 ms of PostgreSQL's CPU off
 * each document and ran 6–15 % faster in four pairs of five. 64 was no faster than 32 and held
 * each document longer. Small enough still to spread a batch over lanes and workers.
 */
export const RENDER_CHUNK_SIZE = 32;

export function isRenderChunk(job: RenderDocumentJob | RenderChunkJob): job is RenderChunkJob {
  return Array.isArray((job as RenderChunkJob).documentIds);
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

/**
 * The render jobs of a batch's new documents: their messages in chunks of
 * `RENDER_CHUNK_SIZE` on the batch lanes, and a PDF job each, since PDFs of
 * one key share a print in the engine whichever jobs they come from.
 */
export function batchRenderJobsFor(documents: ReadonlyArray<{ readonly id: string; readonly channels: readonly Channel[] }>): Array<{
  readonly queue: QueueDefinition;
  readonly priority: number;
  readonly jobs: Array<RenderDocumentJob | RenderChunkJob>;
}> {
  const messages = documents.filter((document) => document.channels.some((channel) => channel !== 'pdf')).map((document) => document.id);
  const chunks: RenderChunkJob[] = [];
  for (let start = 0; start < messages.length; start += RENDER_CHUNK_SIZE) {
    chunks.push({ documentIds: messages.slice(start, start + RENDER_CHUNK_SIZE), part: 'messages' });
  }
  const pdfs = documents.filter((document) => document.channels.includes('pdf')).map((document): RenderDocumentJob => ({ documentId: document.id, part: 'pdf' }));
  return [
    { queue: RENDER_BATCH_QUEUE, priority: 0, jobs: chunks },
    { queue: RENDER_PDF_QUEUE, priority: BATCH_PDF_PRIORITY, jobs: pdfs },
  ].filter((entry) => entry.jobs.length > 0);
}

/** The render jobs a document posted on its own needs: one per part it has channels in. */
export function renderJobsFor(documentId: string, channels: readonly Channel[]): RenderJob[] {
  const jobs: RenderJob[] = [];
  if (channels.some((channel) => channel !== 'pdf')) jobs.push({ queue: RENDER_DOCUMENT_QUEUE, job: { documentId, part: 'messages' }, priority: 0 });
  if (channels.includes('pdf')) jobs.push({ queue: RENDER_PDF_QUEUE, job: { documentId, part: 'pdf' }, priority: SINGLE_PDF_PRIORITY });
  return jobs;
}
