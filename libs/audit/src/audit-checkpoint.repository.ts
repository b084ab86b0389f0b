import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditCheckpoint, CHECKPOINT_FORMAT } from './audit-checkpoint';
import { AuditCheckpointEntity } from './audit-checkpoint.entity';

const LIST_MAX = 500;

/**
 * Signed checkpoints of the chain's head, kept in `audit_checkpoints`
 * (append-only); each is meant to be exported and kept where the database's
 * administrators cannot reach it.
 */
@Injectable()
export class AuditCheckpointRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

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

  /** The entry the newest checkpoint signed, or null before the first checkpoint. */
  async latestEntryId(manager: EntityManager): Promise<string | null> {
    const latest = await manager.getRepository(AuditCheckpointEntity).findOne({ where: {}, order: { id: 'DESC' } });
    return latest?.entryId ?? null;
  }

  /** Stores a signed checkpoint and returns it with its id. */
  async insert(signed: Omit<AuditCheckpoint, 'id'>, manager: EntityManager): Promise<AuditCheckpoint> {
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
