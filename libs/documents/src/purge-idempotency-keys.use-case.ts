import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan } from 'typeorm';
import type { QueueDefinition } from '@app/jobs';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

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

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async execute(now = new Date()): Promise<number> {
    const result = await this.db.getRepository(IdempotencyKeyEntity).delete({ expiresAt: LessThan(now) });
    const purged = result.affected ?? 0;
    if (purged) this.logger.log(`purged ${purged} expired idempotency keys`);
    return purged;
  }
}
