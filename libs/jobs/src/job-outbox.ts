import type { EntityManager, QueryRunner } from 'typeorm';
import type { EnqueueOptions, QueueDefinition } from './job-queue';

/** A committed job on its way to the queue: what the relay reads from `job_outbox`. */
export interface OutboxJob {
  /** Becomes the queued job's id: relaying a row twice still makes one job. */
  readonly id: string;
  readonly queue: string;
  readonly payload: object;
  readonly retryLimit: number;
  readonly retryDelaySeconds: number;
  readonly singletonKey: string | null;
  readonly startAfter: Date | null;
}

/**
 * Writes the job into `job_outbox` with the caller's transaction, so it exists
 * exactly when that transaction commits. Returns the job's id.
 */
export async function writeToOutbox(manager: EntityManager, queue: QueueDefinition, payload: object, options: EnqueueOptions): Promise<string> {
  requireTransaction(manager);
  const [row] = (await manager.query(
    `INSERT INTO job_outbox (queue, payload, retry_limit, retry_delay_seconds, singleton_key, start_after)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [queue.name, JSON.stringify(payload), queue.retryLimit, queue.retryDelaySeconds, options.singletonKey ?? null, options.startAfter ?? null],
  )) as Array<{ id: string }>;
  // No NOTIFY: PostgreSQL serialises the commits of every transaction that notifies (one
  // lock for the whole database), which would put back the global lock intake was rid of.
  // The relays poll instead, and a job someone waits on is relayed at commit (RelayOnCommit).
  return row.id;
}

/**
 * Many jobs of one queue into `job_outbox` with the caller's transaction, in one
 * statement: a batch's intake transaction sends a render job per chunk of its documents.
 */
export async function writeManyToOutbox(manager: EntityManager, queue: QueueDefinition, payloads: readonly object[]): Promise<void> {
  requireTransaction(manager);
  await manager.query(
    `INSERT INTO job_outbox (queue, payload, retry_limit, retry_delay_seconds)
     SELECT $1, payload, $3, $4 FROM unnest($2::jsonb[]) AS payload`,
    [queue.name, payloads.map((payload) => JSON.stringify(payload)), queue.retryLimit, queue.retryDelaySeconds],
  );
}

function requireTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('enqueue({ within }) needs a transactional EntityManager');
}

/** The mark a job someone waits on leaves on its transaction's query runner. */
const RELAY_AT_COMMIT = 'ccmRelayAtCommit';

/** Asks for a relay pass when the manager's transaction commits. */
export function markForRelayAtCommit(manager: EntityManager): void {
  manager.queryRunner!.data[RELAY_AT_COMMIT] = true;
}

/** Whether the transaction asked for a relay pass since last asked; asking clears the mark. */
export function takeRelayMark(queryRunner: QueryRunner | undefined): boolean {
  if (!queryRunner?.data?.[RELAY_AT_COMMIT]) return false;
  delete queryRunner.data[RELAY_AT_COMMIT];
  return true;
}
