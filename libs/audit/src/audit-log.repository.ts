import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError } from '@app/kernel';
import { entryHash, GENESIS_HASH } from './audit-chain.hash';
import { AuditEntryEntity } from './audit-entry.entity';
import { AuditKeyRing } from './audit-key-ring';

/** Arbitrary but fixed: every append (and every checkpoint), in every process, takes this transaction lock. */
export const AUDIT_CHAIN_LOCK_KEY = 4_182_006_731;
const LIST_MAX = 500;

export interface AuditSubject {
  readonly type: string;
  readonly id: string;
}

export interface AuditAppend {
  /** Who did it: an API key id, or `system:<what>` for the platform itself. */
  readonly actor: string;
  /** `<subject>.<verb>`, e.g. `version.approved`. */
  readonly action: string;
  readonly subject: AuditSubject;
  readonly details?: Record<string, unknown>;
}

export interface AuditEntryView {
  readonly id: string;
  readonly occurredAt: Date;
  readonly actor: string;
  readonly action: string;
  readonly subject: AuditSubject;
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
  readonly keyId: string | null;
}

/** The chain's last entry and how many entries it has. */
export interface AuditChainHead {
  readonly id: string;
  readonly hash: string;
  readonly entries: number;
}

export interface AuditQuery {
  readonly actor?: string;
  readonly action?: string;
  readonly subjectType?: string;
  readonly subjectId?: string;
  readonly since?: Date;
  readonly until?: Date;
  /** Entries with an id greater than this (paging). */
  readonly after?: string;
  readonly limit?: number;
}

/**
 * The append-only audit trail (`audit_log`), chained with an HMAC whose key lives
 * outside the database. Appends run inside the caller's transaction, so a state
 * change and its entry commit or vanish together.
 */
@Injectable()
export class AuditLogRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: AuditKeyRing,
  ) {}

  /**
   * Appends one entry to the chain. The advisory lock serialises appends until
   * the caller's transaction ends, so two concurrent transactions can never both
   * link to the same previous entry (a fork) — the second one waits and links to
   * the first. Keep audited transactions short for that reason.
   */
  async append(manager: EntityManager, entry: AuditAppend): Promise<AuditEntryView> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('AuditLogRepository.append needs the EntityManager of an open transaction');
    }
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const [last] = (await manager.query('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')) as Array<{ hash: string }>;
    const [{ id }] = (await manager.query(`SELECT nextval('audit_log_id_seq')::text AS id`)) as Array<{ id: string }>;
    const fields = {
      id,
      // Milliseconds: what both JavaScript and the hash's ISO string carry exactly.
      occurredAt: new Date(Date.now()),
      actor: entry.actor,
      action: entry.action,
      subjectType: entry.subject.type,
      subjectId: entry.subject.id,
      details: toJsonObject(entry.details ?? {}),
      prevHash: last?.hash ?? GENESIS_HASH,
      keyId: this.keys.current.id,
    };
    const hash = entryHash(fields, this.keys.current.secret);
    await manager.save(AuditEntryEntity, manager.create(AuditEntryEntity, { ...fields, hash }), { reload: false });
    return toView({ ...fields, hash } as AuditEntryEntity);
  }

  /** Appends in a transaction of its own, for changes that are a single statement elsewhere. */
  appendAlone(entry: AuditAppend): Promise<AuditEntryView> {
    return this.db.transaction((manager) => this.append(manager, entry));
  }

  async list(query: AuditQuery = {}): Promise<AuditEntryView[]> {
    const builder = this.db.getRepository(AuditEntryEntity).createQueryBuilder('a').orderBy('a.id', 'ASC');
    if (query.actor) builder.andWhere('a.actor = :actor', { actor: query.actor });
    if (query.action) builder.andWhere('a.action = :action', { action: query.action });
    if (query.subjectType) builder.andWhere('a.subject_type = :subjectType', { subjectType: query.subjectType });
    if (query.subjectId) builder.andWhere('a.subject_id = :subjectId', { subjectId: query.subjectId });
    if (query.since) builder.andWhere('a.occurred_at >= :since', { since: query.since });
    if (query.until) builder.andWhere('a.occurred_at < :until', { until: query.until });
    if (query.after) builder.andWhere('a.id > :after', { after: query.after });
    builder.take(Math.min(Math.max(query.limit ?? 100, 1), LIST_MAX));
    return (await builder.getMany()).map(toView);
  }

  /** Entries with an id greater than `after`, oldest first, at most `limit` of them. */
  entriesAfter(after: string, limit: number): Promise<AuditEntryEntity[]> {
    return this.db
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .where('a.id > :after', { after })
      .orderBy('a.id', 'ASC')
      .take(limit)
      .getMany();
  }

  /**
   * Takes the append lock until `manager`'s transaction ends and reads the
   * chain's head with the number of entries: no entry is added in between.
   */
  async lockedHead(manager: EntityManager): Promise<AuditChainHead | null> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const [head] = (await manager.query(
      `SELECT id::text AS id, hash, (SELECT count(*) FROM audit_log)::int AS entries FROM audit_log ORDER BY id DESC LIMIT 1`,
    )) as AuditChainHead[];
    return head ?? null;
  }
}

function toView(row: AuditEntryEntity): AuditEntryView {
  return {
    id: row.id,
    occurredAt: row.occurredAt,
    actor: row.actor,
    action: row.action,
    subject: { type: row.subjectType, id: row.subjectId },
    details: row.details,
    prevHash: row.prevHash,
    hash: row.hash,
    keyId: row.keyId,
  };
}

/** Details go through JSON once, so what is hashed is exactly what jsonb stores and returns. */
function toJsonObject(details: Record<string, unknown>): Record<string, unknown> {
  const value = JSON.parse(JSON.stringify(details)) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError('validation_failed', 'Audit details must be a JSON object');
  }
  return value as Record<string, unknown>;
}
