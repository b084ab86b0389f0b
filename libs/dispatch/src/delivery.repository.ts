import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { DeliveryAttemptEntity, DeliveryAttemptOutcome } from './delivery-attempt.entity';
import { DeliveryChannel, DeliveryEntity, DeliveryStatus } from './delivery.entity';

export interface NewDelivery {
  readonly documentId: string;
  readonly channel: DeliveryChannel;
  readonly recipient: string;
  readonly messageId: string;
  readonly reason: string;
}

export interface AttemptRecord {
  readonly attempt: number;
  readonly startedAt: Date;
  readonly outcome: DeliveryAttemptOutcome;
  readonly provider: string;
  readonly providerMessageId: string | null;
  readonly error: string | null;
  readonly nextAttemptAt?: Date | null;
  readonly resend?: boolean;
}

/** The try a delivery is on, and whether it sends again what an interrupted try may have sent. */
export interface SendingTry {
  readonly attempt: number;
  readonly resend: boolean;
}

export interface DeliveryQuery {
  readonly status?: DeliveryStatus;
  readonly channel?: DeliveryChannel;
  readonly since?: Date;
  /** Newest first: the deliveries strictly older than this one. */
  readonly before?: { readonly createdAt: Date; readonly id: string };
  readonly limit: number;
}

/** The `deliveries` table and its append-only `delivery_attempts` history. */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Queues a delivery; a document's second request for the same channel returns the existing one. */
  async createQueued(delivery: NewDelivery, manager: EntityManager = this.db.manager): Promise<DeliveryEntity> {
    const now = new Date();
    await manager
      .createQueryBuilder()
      .insert()
      .into(DeliveryEntity)
      .values({ id: randomUUID(), ...delivery, status: 'queued', attempts: 0, resends: 0, createdAt: now, updatedAt: now })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(DeliveryEntity, { documentId: delivery.documentId, channel: delivery.channel });
  }

  find(id: string, manager: EntityManager = this.db.manager): Promise<DeliveryEntity | null> {
    return manager.findOneBy(DeliveryEntity, { id });
  }

  forDocument(documentId: string, manager: EntityManager = this.db.manager): Promise<DeliveryEntity[]> {
    return manager.find(DeliveryEntity, { where: { documentId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * queued (or sending, after a crash mid-send) → sending, counting the try and,
   * when it was found `sending`, the resend; null when the delivery is settled.
   */
  async markSending(id: string): Promise<SendingTry | null> {
    const rows = (await this.db.query(
      `UPDATE deliveries d
          SET status = 'sending', attempts = d.attempts + 1, updated_at = now(),
              resends = d.resends + CASE WHEN before.status = 'sending' THEN 1 ELSE 0 END
         FROM (SELECT id, status FROM deliveries WHERE id = $1 FOR UPDATE) before
        WHERE d.id = before.id AND before.status IN ('queued', 'sending')
        RETURNING d.attempts, before.status AS was`,
      [id],
    )) as [Array<{ attempts: number; was: DeliveryStatus }>, number];
    const row = rows[0][0];
    return row ? { attempt: row.attempts, resend: row.was === 'sending' } : null;
  }

  /**
   * `markSending` for many deliveries in one statement, committed before it
   * returns (so `sending` is on record before any provider is called): the try
   * of each delivery that was still to send, by id; settled ones are left out.
   */
  async markSendingMany(ids: readonly string[]): Promise<Map<string, SendingTry>> {
    if (!ids.length) return new Map();
    const rows = (await this.db.query(
      `UPDATE deliveries d
          SET status = 'sending', attempts = d.attempts + 1, updated_at = now(),
              resends = d.resends + CASE WHEN before.status = 'sending' THEN 1 ELSE 0 END
         FROM (SELECT id, status FROM deliveries WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE) before
        WHERE d.id = before.id AND before.status IN ('queued', 'sending')
        RETURNING d.id, d.attempts, before.status AS was`,
      [[...new Set(ids)]],
    )) as [Array<{ id: string; attempts: number; was: DeliveryStatus }>, number];
    return new Map(rows[0].map((row) => [row.id, { attempt: row.attempts, resend: row.was === 'sending' }]));
  }

  /**
   * `settle` of many tries that were all `sent`, in the caller's transaction and
   * one statement (the tries recorded, the deliveries moved): answers the
   * deliveries it moved, as now stored.
   */
  async settleSentMany(settled: ReadonlyArray<{ readonly id: string; readonly attempt: AttemptRecord }>, manager: EntityManager): Promise<DeliveryEntity[]> {
    if (!settled.length) return [];
    const column = <T>(of: (attempt: AttemptRecord) => T) => settled.map(({ attempt }) => of(attempt));
    const [rows] = (await manager.query(
      `WITH tried AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::boolean[])
           AS t(id, attempt, started_at, outcome, provider, provider_message_id, error, next_attempt_at, resend)
       ), recorded AS (
         INSERT INTO delivery_attempts (delivery_id, attempt, started_at, finished_at, outcome, provider, provider_message_id, error, next_attempt_at, resend)
         SELECT id, attempt, started_at, $10, outcome, provider, provider_message_id, error, next_attempt_at, resend FROM tried
       )
       UPDATE deliveries d
          SET status = 'sent', provider = t.provider, provider_message_id = t.provider_message_id, last_error = NULL, updated_at = $10, sent_at = $10
         FROM tried t
        WHERE d.id = t.id AND d.status IN ('queued', 'sending')
        RETURNING d.*`,
      [
        settled.map(({ id }) => id),
        column((attempt) => attempt.attempt),
        column((attempt) => attempt.startedAt),
        column((attempt) => attempt.outcome),
        column((attempt) => attempt.provider),
        column((attempt) => attempt.providerMessageId),
        column((attempt) => attempt.error),
        column((attempt) => attempt.nextAttemptAt ?? null),
        column((attempt) => attempt.resend ?? false),
        new Date(),
      ],
    )) as [Array<Record<string, unknown>>, number];
    return deliveriesOfRows(rows, manager);
  }

  /** Records the try and moves the delivery to what it led to (`retry` → queued again), in the caller's transaction. */
  async settle(id: string, attempt: AttemptRecord, manager: EntityManager): Promise<void> {
    await manager.insert(DeliveryAttemptEntity, {
      deliveryId: id,
      finishedAt: new Date(),
      ...attempt,
      nextAttemptAt: attempt.nextAttemptAt ?? null,
      resend: attempt.resend ?? false,
    });
    const status = attempt.outcome === 'sent' ? 'sent' : attempt.outcome === 'failed' ? 'failed' : 'queued';
    await manager.update(DeliveryEntity, { id, status: In(['queued', 'sending']) }, {
      status,
      provider: attempt.provider,
      providerMessageId: attempt.providerMessageId,
      lastError: attempt.error,
      updatedAt: new Date(),
      ...(status === 'sent' ? { sentAt: new Date() } : {}),
    });
  }

  /** Not made: `skipped` with why. False when the delivery had already settled. */
  async markSkipped(id: string, skipReason: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.update(DeliveryEntity, { id, status: In(['queued', 'sending']) }, { status: 'skipped', skipReason, updatedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  attemptsOf(ids: readonly string[]): Promise<DeliveryAttemptEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db.manager.find(DeliveryAttemptEntity, { where: { deliveryId: In([...ids]) }, order: { deliveryId: 'ASC', attempt: 'ASC' } });
  }

  /** Deliveries across documents, newest first, for operators. */
  list(query: DeliveryQuery): Promise<DeliveryEntity[]> {
    const builder = this.db.manager.createQueryBuilder(DeliveryEntity, 'd');
    if (query.status) builder.andWhere('d.status = :status', { status: query.status });
    if (query.channel) builder.andWhere('d.channel = :channel', { channel: query.channel });
    if (query.since) builder.andWhere('d.created_at >= :since', { since: query.since });
    if (query.before) {
      builder.andWhere('(d.created_at, d.id) < (:beforeAt, :beforeId)', { beforeAt: query.before.createdAt, beforeId: query.before.id });
    }
    return builder.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'DESC').take(query.limit).getMany();
  }
}

/** Rows of `deliveries` as SQL returned them (column names), as the entities TypeORM would have read. */
function deliveriesOfRows(rows: ReadonlyArray<Record<string, unknown>>, manager: EntityManager): DeliveryEntity[] {
  const columns = manager.connection.getMetadata(DeliveryEntity).columns;
  return rows.map((row) => Object.assign(new DeliveryEntity(), Object.fromEntries(columns.map((column) => [column.propertyName, row[column.databaseName]]))));
}
