import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH } from './audit-chain.hash';
import { AuditCheckpoint, CHECKPOINT_FORMAT, signCheckpoint } from './audit-checkpoint';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';
import { AuditKeyRing } from './audit-key-ring';
import { AUDIT_CHAIN_LOCK_KEY } from './audit-log.repository';

const LIST_MAX = 500;

/**
 * Signed checkpoints of the chain's head. Each is kept in `audit_checkpoints`
 * (append-only) and is meant to be exported and kept where the database's
 * administrators cannot reach it; `AuditLog.verify` checks the chain against them.
 */
@Injectable()
export class AuditCheckpoints {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly keys: AuditKeyRing,
  ) {}

  /** Signs the current head (or the empty chain) and stores the checkpoint. */
  take(): Promise<AuditCheckpoint> {
    return this.db.transaction(async (manager) => (await this.takeWithin(manager, false))!);
  }

  /** Like `take`, but only when entries were appended since the last checkpoint (periodic checkpoints of a quiet chain would say nothing new). */
  takeIfMoved(): Promise<AuditCheckpoint | null> {
    return this.db.transaction((manager) => this.takeWithin(manager, true));
  }

  async list(after = '0', limit = LIST_MAX): Promise<AuditCheckpoint[]> {
    const rows = await this.db
      .getRepository(AuditCheckpointEntity)
      .createQueryBuilder('c')
      .where('c.id > :after', { after })
      .orderBy('c.id', 'ASC')
      .take(Math.min(Math.max(limit, 1), LIST_MAX))
      .getMany();
    return rows.map(toCheckpoint);
  }

  /** Every stored checkpoint, for a full verification. */
  async all(): Promise<AuditCheckpoint[]> {
    return (await this.db.getRepository(AuditCheckpointEntity).find({ order: { id: 'ASC' } })).map(toCheckpoint);
  }

  private async takeWithin(manager: EntityManager, onlyIfMoved: boolean): Promise<AuditCheckpoint | null> {
    // The append lock: no entry is added between reading the head and counting.
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY]);
    const [head] = (await manager.query(
      `SELECT id::text AS id, hash, (SELECT count(*) FROM audit_log)::int AS entries FROM audit_log ORDER BY id DESC LIMIT 1`,
    )) as Array<{ id: string; hash: string; entries: number }>;
    const entryId = head?.id ?? '0';
    if (onlyIfMoved) {
      const latest = await manager.getRepository(AuditCheckpointEntity).findOne({ where: {}, order: { id: 'DESC' } });
      if (latest && latest.entryId === entryId) return null;
    }
    const signed = signCheckpoint({ entryId, entryHash: head?.hash ?? GENESIS_HASH, entries: head?.entries ?? 0, createdAt: new Date().toISOString() }, this.keys);
    const saved = await manager.save(
      manager.create(AuditCheckpointEntity, {
        entryId: signed.entryId,
        entryHash: signed.entryHash,
        entries: signed.entries,
        createdAt: new Date(signed.createdAt),
        keyId: signed.keyId,
        signature: signed.signature,
      }),
    );
    return { ...signed, id: saved.id };
  }
}

function toCheckpoint(row: AuditCheckpointEntity): AuditCheckpoint {
  return {
    format: CHECKPOINT_FORMAT,
    id: row.id,
    entryId: row.entryId,
    entryHash: row.entryHash,
    entries: row.entries,
    createdAt: row.createdAt.toISOString(),
    keyId: row.keyId,
    signature: row.signature,
  };
}
