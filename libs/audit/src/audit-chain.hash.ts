import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/contracts';

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
}

/**
 * `sha256(prev_hash + canonical entry)`. The entry is canonical JSON (sorted
 * keys, no whitespace), so the hash does not depend on how PostgreSQL returns
 * jsonb; the timestamp is ISO 8601 with milliseconds, which timestamptz keeps.
 */
export function entryHash(entry: ChainedFields): string {
  const canonical = canonicalJson({
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: { type: entry.subjectType, id: entry.subjectId },
    details: entry.details,
  });
  return createHash('sha256').update(entry.prevHash + canonical, 'utf8').digest('hex');
}

export interface ChainBreak {
  /** The first entry that does not hold: its content was altered, or its link to the previous one is broken. */
  readonly brokenAt: string;
  readonly reason: 'hash_mismatch' | 'link_mismatch';
  readonly expected: string;
  readonly found: string;
}

/**
 * Walks entries in chain order and returns the first break, or null. `previous`
 * is the hash the first given entry must link to (the genesis hash for a full walk).
 */
export function findBreak(entries: Iterable<ChainedFields & { readonly hash: string }>, previous: string = GENESIS_HASH): ChainBreak | null {
  let expectedPrev = previous;
  for (const entry of entries) {
    if (entry.prevHash !== expectedPrev) {
      return { brokenAt: entry.id, reason: 'link_mismatch', expected: expectedPrev, found: entry.prevHash };
    }
    const recomputed = entryHash(entry);
    if (recomputed !== entry.hash) {
      return { brokenAt: entry.id, reason: 'hash_mismatch', expected: recomputed, found: entry.hash };
    }
    expectedPrev = entry.hash;
  }
  return null;
}
