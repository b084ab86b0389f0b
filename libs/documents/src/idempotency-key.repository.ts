import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export interface NewIdempotencyKey {
  readonly apiKeyId: string;
  readonly key: string;
  readonly requestHash: string;
  readonly expiresAt: Date;
}

/** The `idempotency_keys` table: one row per caller's key, in flight until its work commits. */
@Injectable()
export class IdempotencyKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The caller's key; it must exist. */
  get(apiKeyId: string, key: string): Promise<IdempotencyKeyEntity> {
    return this.db.getRepository(IdempotencyKeyEntity).findOneByOrFail({ apiKeyId, key });
  }

  /** Removes this caller's key if it expired before `now`, so it may be claimed afresh. */
  async deleteIfExpired(apiKeyId: string, key: string, now: Date): Promise<void> {
    await this.db.getRepository(IdempotencyKeyEntity).delete({ apiKeyId, key, expiresAt: LessThan(now) });
  }

  /** Records the key as in flight; false when the caller holds it already. */
  async insertInFlight(claim: NewIdempotencyKey): Promise<boolean> {
    const inserted = await this.db
      .getRepository(IdempotencyKeyEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...claim, state: 'in_flight' })
      .orIgnore()
      .returning(['key'])
      .execute();
    return inserted.raw.length > 0;
  }

  /** Restarts an in-flight key begun before `startedBefore` (its process died); false when there is none. */
  async takeOverInFlight(apiKeyId: string, key: string, startedBefore: Date, now: Date): Promise<boolean> {
    const result = await this.db
      .getRepository(IdempotencyKeyEntity)
      .update({ apiKeyId, key, state: 'in_flight', createdAt: LessThan(startedBefore) }, { createdAt: now });
    return Boolean(result.affected);
  }

  /** Records the outcome in the caller's transaction, so it commits with the work it describes. */
  async complete(manager: EntityManager, apiKeyId: string, key: string, status: number, body: unknown): Promise<void> {
    await manager.update(IdempotencyKeyEntity, { apiKeyId, key }, { state: 'completed', responseStatus: status, responseBody: body as object });
  }

  /** Frees a key still in flight. */
  async release(apiKeyId: string, key: string): Promise<void> {
    await this.db.getRepository(IdempotencyKeyEntity).delete({ apiKeyId, key, state: 'in_flight' });
  }

  /** Removes every key that expired before `now`; returns how many. */
  async deleteExpired(now: Date): Promise<number> {
    const result = await this.db.getRepository(IdempotencyKeyEntity).delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }
}
