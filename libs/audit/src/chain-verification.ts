import { ChainBreak, ChainedFields, ChainWalker } from './audit-chain.hash';
import { AuditCheckpoint, checkpointSignatureHolds } from './audit-checkpoint';
import type { AuditKeyRing } from './audit-key-ring';

export type VerificationFailure =
  | ChainBreak
  | {
      readonly brokenAt: string;
      /** An entry a checkpoint names is not what it signed: its hash or the count before it differs. */
      readonly reason: 'checkpoint_mismatch';
      readonly expected: string;
      readonly found: string;
    }
  | {
      readonly brokenAt: string;
      /** The chain ends before the last entry a checkpoint covered: its newest entries were deleted. */
      readonly reason: 'entries_deleted_after_checkpoint';
      readonly expected: string;
      readonly found: string;
    }
  | {
      readonly brokenAt: string;
      /** A checkpoint whose signature does not hold under any audit key. */
      readonly reason: 'checkpoint_forged';
      readonly expected: string;
      readonly found: string;
    };

export type AuditVerification =
  | { readonly ok: true; readonly entries: number; readonly unkeyedEntries: number; readonly checkpoints: number }
  | ({ readonly ok: false; readonly entries: number; readonly detail: string; readonly checkpoint?: AuditCheckpoint } & VerificationFailure);

/**
 * One pass over the chain, page by page, checked link by link and against
 * every signed checkpoint given: the entry a checkpoint names must carry its
 * hash and be preceded by exactly its count of entries, and the chain must
 * reach it.
 */
export class ChainVerification {
  private readonly walker: ChainWalker;
  private readonly pending: AuditCheckpoint[];
  private lastId = '0';
  private failed?: AuditVerification;

  constructor(
    keys: AuditKeyRing,
    private readonly checkpoints: readonly AuditCheckpoint[],
  ) {
    this.walker = new ChainWalker(keys);
    const forged = checkpoints.find((checkpoint) => !checkpointSignatureHolds(checkpoint, keys));
    if (forged) {
      this.failed = {
        ok: false,
        entries: 0,
        brokenAt: String(forged.entryId),
        reason: 'checkpoint_forged',
        expected: 'a signature by a key of CCM_AUDIT_KEYS',
        found: String(forged.signature),
        checkpoint: forged,
        detail: `the checkpoint of entry ${forged.entryId} is not signed by any audit key of this installation`,
      };
    }
    this.pending = [...checkpoints].sort((a, b) => compareIds(a.entryId, b.entryId)).filter((checkpoint) => checkpoint.entryId !== '0');
  }

  get done(): boolean {
    return this.failed !== undefined;
  }

  /** Feeds the next entry in chain order; false once a failure is found. */
  next(entry: ChainedFields & { readonly hash: string }): boolean {
    if (this.failed) return false;
    const broken = this.walker.next(entry);
    if (broken) {
      this.failed = { ok: false, entries: this.walker.walked - 1, ...broken, detail: describeBreak(broken) };
      return false;
    }
    while (this.pending.length && compareIds(this.pending[0].entryId, entry.id) <= 0) {
      const checkpoint = this.pending.shift()!;
      const matches = checkpoint.entryId === entry.id && checkpoint.entryHash === entry.hash && Number(checkpoint.entries) === this.walker.walked;
      if (!matches) {
        this.failed = {
          ok: false,
          entries: this.walker.walked,
          brokenAt: checkpoint.entryId,
          reason: 'checkpoint_mismatch',
          expected: `${checkpoint.entries} entries ending with hash ${checkpoint.entryHash}`,
          found: checkpoint.entryId === entry.id ? `${this.walker.walked} entries ending with hash ${entry.hash}` : `no entry ${checkpoint.entryId}`,
          checkpoint,
          detail: `entry ${checkpoint.entryId} is not what the checkpoint of ${checkpoint.createdAt} signed`,
        };
        return false;
      }
    }
    this.lastId = entry.id;
    return true;
  }

  result(): AuditVerification {
    if (this.failed) return this.failed;
    const missed = this.pending[this.pending.length - 1];
    if (missed) {
      const first = this.pending[0];
      return {
        ok: false,
        entries: this.walker.walked,
        brokenAt: first.entryId,
        reason: 'entries_deleted_after_checkpoint',
        expected: `${missed.entries} entries up to entry ${missed.entryId}`,
        found: `${this.walker.walked} entries up to entry ${this.lastId}`,
        checkpoint: missed,
        detail:
          `entries deleted after the checkpoint of ${missed.createdAt}: it covers ${missed.entries} entries up to entry ${missed.entryId}, ` +
          `the chain now ends at entry ${this.lastId} with ${this.walker.walked}`,
      };
    }
    return { ok: true, entries: this.walker.walked, unkeyedEntries: this.walker.unkeyed, checkpoints: this.checkpoints.length };
  }
}

function describeBreak(broken: ChainBreak): string {
  switch (broken.reason) {
    case 'hash_mismatch':
      return `entry ${broken.brokenAt} was altered: its content does not give its hash under the audit key`;
    case 'link_mismatch':
      return `entry ${broken.brokenAt} does not link to the entry before it: entries were removed or inserted`;
    case 'unknown_key':
      return `entry ${broken.brokenAt} names the audit key "${broken.found}", which this installation does not have`;
    case 'unkeyed_after_keyed':
      return `entry ${broken.brokenAt} has no audit key although entries before it do`;
  }
}

function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
