import { histogram, requestContext } from '@app/observability';
import type { JobContext, JobHandler, QueueDefinition } from './job-queue';

/**
 * How long handlers take, per queue: `render-document` is the render latency,
 * `dispatch-<channel>` the send latency (provider call included).
 */
const jobDuration = histogram(
  'ccm_job_duration_seconds',
  'Time a job spent in its handler, by queue and outcome (completed or failed)',
  ['queue', 'outcome'],
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
);

/** Runs one job the same way for every driver: its log lines carry the job's id, and its time is measured. */
export async function runJob<T>(queue: QueueDefinition, payload: T, job: JobContext, handler: JobHandler<T>): Promise<void> {
  const end = jobDuration.startTimer({ queue: queue.name });
  try {
    await requestContext.run({ requestId: `job:${job.id}` }, () => handler(payload, job));
    end({ outcome: 'completed' });
  } catch (error) {
    end({ outcome: 'failed' });
    throw error;
  }
}
