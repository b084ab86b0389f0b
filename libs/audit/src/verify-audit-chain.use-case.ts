import { Injectable } from '@nestjs/common';
import type { AuditCheckpoint } from './audit-checkpoint';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditKeyRing } from './audit-key-ring';
import { AuditLogRepository } from './audit-log.repository';
import { AuditVerification, ChainVerification } from './chain-verification';

/** Entries read per round trip while verifying, so a long log never sits in memory at once. */
const VERIFY_PAGE = 1_000;

/**
 * Recomputes the whole chain under the audit keys and checks it against every
 * stored checkpoint and the exported ones given; names the first entry that does
 * not hold, or the checkpoint whose entries are gone.
 */
@Injectable()
export class VerifyAuditChainUseCase {
  constructor(
    private readonly log: AuditLogRepository,
    private readonly checkpoints: AuditCheckpointRepository,
    private readonly keys: AuditKeyRing,
  ) {}

  async execute(exported: readonly AuditCheckpoint[] = []): Promise<AuditVerification> {
    const verification = new ChainVerification(this.keys, [...(await this.checkpoints.all()), ...exported]);
    let after = '0';
    while (!verification.done) {
      const page = await this.log.entriesAfter(after, VERIFY_PAGE);
      for (const entry of page) if (!verification.next(entry)) break;
      if (page.length < VERIFY_PAGE) break;
      after = page[page.length - 1].id;
    }
    return verification.result();
  }
}
