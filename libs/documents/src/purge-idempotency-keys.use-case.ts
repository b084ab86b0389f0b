import { Injectable, Logger } from '@nestjs/common';
import type { QueueDefinition } from '@app/jobs';
import { IdempotencyKeyRepository } from './idempotency-key.repository';

export const PURGE_IDEMPOTENCY_KEYS_QUEUE: QueueDefinition = {
  name: 'purge-idempotency-keys',
  retryLimit: 2,
  retryDelaySeconds: 60,
  expireInSeconds: 600,
};

/** Hourly: a missed run only delays the purge, keys are honoured until they expire either way. */
export const PURGE_IDEMPOTENCY_KEYS_CRON = '17 * * * *';

/**
 * Idempotency keys are kept for their promised lifetime and then removed, so
 * the table holds about a day of requests rather than every request ever made.
 */
@Injectable()
export class PurgeIdempotencyKeysUseCase {
  private readonly logger = new Logger('Idempotency');

  constructor(private readonly keys: IdempotencyKeyRepository) {}

  async execute(now = new Date()): Promise<number> {
    const purged = await this.keys.deleteExpired(now);
    if (purged) this.logger.log(`purged ${purged} expired idempotency keys`);
    return purged;
  }
}
