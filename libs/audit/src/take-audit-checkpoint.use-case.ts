import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { GENESIS_HASH } from './audit-chain.hash';
import { AuditCheckpoint, signCheckpoint } from './audit-checkpoint';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditKeyRing } from './audit-key-ring';
import { AuditLogRepository } from './audit-log.repository';

/**
 * Signs the chain's current head (or the empty chain) with the current audit key
 * and stores the checkpoint. With `onlyIfMoved`, nothing is taken unless entries
 * were appended since the last checkpoint (periodic checkpoints of a quiet chain
 * would say nothing new).
 */
@Injectable()
export class TakeAuditCheckpointUseCase {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly log: AuditLogRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly keys: AuditKeyRing,
  ) {}

  execute(): Promise<AuditCheckpoint>;
  execute(options: { readonly onlyIfMoved: boolean }): Promise<AuditCheckpoint | null>;
  execute({ onlyIfMoved = false }: { readonly onlyIfMoved?: boolean } = {}): Promise<AuditCheckpoint | null> {
    return this.db.transaction(async (manager) => {
      // The append lock: no entry is added between reading the head and storing its checkpoint.
      const head = await this.log.lockedHead(manager);
      const entryId = head?.id ?? '0';
      if (onlyIfMoved && (await this.checkpoints.latestEntryId(manager)) === entryId) return null;
      const signed = signCheckpoint({ entryId, entryHash: head?.hash ?? GENESIS_HASH, entries: head?.entries ?? 0, createdAt: new Date().toISOString() }, this.keys);
      return this.checkpoints.insert(signed, manager);
    });
  }
}
