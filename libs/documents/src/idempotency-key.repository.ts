import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/config';
import { DomainError } from '@app/kernel';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly status: number; readonly body: unknown };

/**
 * A request still "in flight" this long after it began died with its process;
 * its key may then be taken over, or a crashed request would block its key forever.
 */
const ABANDONED_AFTER_MS = 120_000;

/** Accepting a document takes well under a second, so its twin may ask again after one. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 1;

/** `Idempotency-Key` bookkeeping: claim, then complete inside the work's own transaction. */
@Injectable()
export class IdempotencyStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async claim(apiKeyId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const repo = this.db.getRepository(IdempotencyKeyEntity);
    const now = new Date();
    await repo.delete({ apiKeyId, key, expiresAt: LessThan(now) });
    const inserted = await repo
      .createQueryBuilder()
      .insert()
      .values({ apiKeyId, key, requestHash, state: 'in_flight', expiresAt: this.expiry(now) })
      .orIgnore()
      .returning(['key'])
      .execute();
    if (inserted.raw.length) return { kind: 'claimed' };

    const existing = await repo.findOneByOrFail({ apiKeyId, key });
    if (existing.requestHash !== requestHash) {
      throw new DomainError(
        'idempotency_key_reused',
        'This Idempotency-Key was already used with a different request body',
      );
    }
    if (existing.state === 'completed') {
      return { kind: 'replay', status: existing.responseStatus ?? 200, body: existing.responseBody };
    }
    const takenOver = await repo.update(
      { apiKeyId, key, state: 'in_flight', createdAt: LessThan(new Date(now.getTime() - ABANDONED_AFTER_MS)) },
      { createdAt: now },
    );
    if (takenOver.affected) return { kind: 'claimed' };
    throw new DomainError('idempotency_in_flight', 'A request with this Idempotency-Key is still being processed', [], {
      retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS,
    });
  }

  /** Records the response in the caller's transaction, so it commits with the work it describes. */
  async complete(manager: EntityManager, apiKeyId: string, key: string, status: number, body: unknown): Promise<void> {
    await manager.update(
      IdempotencyKeyEntity,
      { apiKeyId, key },
      { state: 'completed', responseStatus: status, responseBody: body as object },
    );
  }

  /** A request that failed changed nothing, so its key is free for a corrected retry. */
  async release(apiKeyId: string, key: string): Promise<void> {
    await this.db.getRepository(IdempotencyKeyEntity).delete({ apiKeyId, key, state: 'in_flight' });
  }

  private expiry(from: Date): Date {
    return new Date(from.getTime() + this.config.limits.idempotencyTtlHours * 3_600_000);
  }
}
