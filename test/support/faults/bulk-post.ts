import { setTimeout as sleep } from 'node:timers/promises';

export interface BulkPostOptions {
  /** The API's base URL, or a function naming it per request (several API processes, a restarted one). */
  readonly url: string | (() => string);
  readonly apiKey: string;
  readonly count: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** The body of document `index`. */
  readonly body: (index: number) => Record<string, unknown>;
  /** Prefix of each document's `Idempotency-Key` (`<prefix>-<index>`), unique per run. */
  readonly idempotencyPrefix: string;
  /** How long one document may keep being retried (503, 409, connection errors) before the run gives up. */
  readonly retryForMs?: number;
  /** One request longer than this is a hang, recorded as such. */
  readonly requestTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Called with the number accepted so far after each acceptance, to start a fault at a point of the run. */
  readonly onAccepted?: (accepted: number) => void;
}

export interface BulkPostResult {
  /** Accepted document ids by index (201, or the replay of one). */
  readonly ids: string[];
  /** How many responses of each status came back, retries included; `timeout` and `network` for none. */
  readonly statuses: Record<string, number>;
  /** Responses that were neither 201 nor worth a retry, with their body: what the run must explain. */
  readonly rejected: Array<{ index: number; status: number; body: string }>;
  /** Documents still not accepted when their retries ran out. */
  readonly gaveUp: number[];
  readonly elapsedMs: number;
}

/**
 * Posts `count` documents with at most `concurrency` in flight, as a billing system
 * would: each with its own `Idempotency-Key`, retried with the same key on 503
 * (honouring a short `Retry-After`), 409 (the same key still in flight) and
 * connection errors, so an outage costs time but never a document or a duplicate.
 */
export async function postDocuments(options: BulkPostOptions): Promise<BulkPostResult> {
  const started = Date.now();
  const ids: string[] = new Array(options.count);
  const statuses: Record<string, number> = {};
  const rejected: BulkPostResult['rejected'] = [];
  const gaveUp: number[] = [];
  const retryForMs = options.retryForMs ?? 120_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  const tally = (status: string) => (statuses[status] = (statuses[status] ?? 0) + 1);
  let next = 0;
  let done = 0;
  let accepted = 0;
  let lastLog = Date.now();

  const postOne = async (index: number) => {
    const giveUpAt = Date.now() + retryForMs;
    const payload = JSON.stringify(options.body(index));
    for (;;) {
      const url = typeof options.url === 'function' ? options.url() : options.url;
      let retryAfterMs = 250;
      try {
        const res = await fetch(`${url}/v1/documents`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${options.apiKey}`,
            'Content-Type': 'application/json',
            'Idempotency-Key': `${options.idempotencyPrefix}-${index}`,
          },
          body: payload,
          signal: AbortSignal.timeout(requestTimeoutMs),
        });
        tally(String(res.status));
        const text = await res.text();
        if (res.status === 201 || res.status === 200) {
          ids[index] = (JSON.parse(text) as { id: string }).id;
          options.onAccepted?.(++accepted);
          return;
        }
        if (res.status !== 503 && res.status !== 409) {
          rejected.push({ index, status: res.status, body: text.slice(0, 500) });
          return;
        }
        const retryAfter = Number(res.headers.get('retry-after'));
        // Honoured, but capped: the test is about what the platform does, not about waiting politely.
        if (Number.isFinite(retryAfter) && retryAfter > 0) retryAfterMs = Math.min(retryAfter * 1000, 2_000);
      } catch (error) {
        tally((error as Error).name === 'TimeoutError' ? 'timeout' : 'network');
      }
      if (Date.now() > giveUpAt) {
        gaveUp.push(index);
        return;
      }
      await sleep(retryAfterMs);
    }
  };

  const lane = async () => {
    while (next < options.count) {
      const index = next++;
      await postOne(index);
      done++;
      if (options.log && Date.now() - lastLog > 5_000) {
        lastLog = Date.now();
        options.log(`posted ${done}/${options.count} ${JSON.stringify(statuses)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, lane));
  return { ids: ids.filter((id) => id !== undefined), statuses, rejected, gaveUp, elapsedMs: Date.now() - started };
}
