import { createHash, createHmac } from 'node:crypto';
import { canonicalJson } from '@app/contracts';
import type { AuditKeyRing } from './audit-key-ring';

/** The `prev_hash` of the first entry: the chain starts from a fixed, known value. */
export const GENESIS_HASH = '0'.repeat(64);

/** What is hashed: every stored field of an entry except its own hash. */
export interface ChainedFields {
  readonly id: string;
  readonly occurredAt: Date;
  readonly actor: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
  /** The HMAC key that links this entry; null for entries written before the chain was keyed. */
  readonly keyId: string | null;
}

/**
 * `HMAC-SHA256(key, prev_hash + canonical entry)` for keyed entries (the key id
 * is part of the entry), `sha256(prev_hash + canonical entry)` for entries
 * written before keying. The entry is canonical JSON (sorted keys, no
 * whitespace), so the hash does not depend on how PostgreSQL returns jsonb; the
 * timestamp is ISO 8601 with milliseconds, which timestamptz keeps.
 */
export function entryHash(entry: ChainedFields, secret?: string): string {
  const fields = {
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: { type: entry.subjectType, id: entry.subjectId },
    details: entry.details,
  };
  if (entry.keyId === null) return createHash('sha256').update(entry.prevHash + canonicalJson(fields), 'utf8').digest('hex');
  if (secret === undefined) throw new Error(`No secret for audit key ${entry.keyId}`);
  return createHmac('sha256', secret)
    .update(entry.prevHash + canonicalJson({ ...fields, keyId: entry.keyId }), 'utf8')
    .digest('hex');
}

export type ChainBreakReason =
  /** The entry's content does not give its stored hash: altered, or rewritten without the key. */
  | 'hash_mismatch'
  /** The entry does not link to the one before it: an entry was removed or inserted. */
  | 'link_mismatch'
  /** Signed with a key this installation does not have (forged, or an old key dropped from CCM_AUDIT_KEYS). */
  | 'unknown_key'
  /** An entry without a key after keyed ones: only entries written before keying may be unkeyed. */
  | 'unkeyed_after_keyed';

export interface ChainBreak {
  /** The first entry that does not hold. */
  readonly brokenAt: string;
  readonly reason: ChainBreakReason;
  readonly expected: string;
  readonly found: string;
}

/**
 * Walks entries in chain order, one page after another, and names the first
 * break. Entries without a key id (written before keying) are accepted only
 * before the first keyed one.
 */
export class ChainWalker {
  private expectedPrev: string;
  private keyed = false;
  /** Entries walked, including the broken one. */
  walked = 0;
  unkeyed = 0;
  lastHash: string;

  constructor(
    private readonly keys: AuditKeyRing,
    previous: string = GENESIS_HASH,
  ) {
    this.expectedPrev = previous;
    this.lastHash = previous;
  }

  next(entry: ChainedFields & { readonly hash: string }): ChainBreak | null {
    this.walked += 1;
    if (entry.prevHash !== this.expectedPrev) {
      return { brokenAt: entry.id, reason: 'link_mismatch', expected: this.expectedPrev, found: entry.prevHash };
    }
    if (entry.keyId === null) {
      if (this.keyed) return { brokenAt: entry.id, reason: 'unkeyed_after_keyed', expected: 'a key id', found: 'none' };
      this.unkeyed += 1;
    } else {
      this.keyed = true;
    }
    const secret = entry.keyId === null ? undefined : this.keys.secretOf(entry.keyId);
    if (entry.keyId !== null && secret === undefined) {
      return { brokenAt: entry.id, reason: 'unknown_key', expected: 'a key of CCM_AUDIT_KEYS', found: entry.keyId };
    }
    const recomputed = entryHash(entry, secret);
    if (recomputed !== entry.hash) {
      return { brokenAt: entry.id, reason: 'hash_mismatch', expected: recomputed, found: entry.hash };
    }
    this.expectedPrev = entry.hash;
    this.lastHash = entry.hash;
    return null;
  }
}

/** The first break in `entries`, or null: a whole walk at once (tests, small chains). */
export function findBreak(
  entries: Iterable<ChainedFields & { readonly hash: string }>,
  keys: AuditKeyRing,
  previous: string = GENESIS_HASH,
): ChainBreak | null {
  const walker = new ChainWalker(keys, previous);
  for (const entry of entries) {
    const broken = walker.next(entry);
    if (broken) return broken;
  }
  return null;
}
