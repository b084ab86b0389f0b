import { createHash } from 'node:crypto';
import { canonicalJson } from '@app/contracts';

/** The `prev_hash` of a document's first entry. */
export const LEDGER_GENESIS_HASH = '0'.repeat(64);

/** What a document's ledger records; `dispatched` when its deliveries are planned, `paid` when a payment settles an invoice. */
export type LedgerEvent = 'accepted' | 'rendered' | 'render_failed' | 'dispatched' | 'paid';

export interface LedgerFields {
  readonly documentId: string;
  readonly seq: number;
  readonly occurredAt: Date;
  readonly event: LedgerEvent;
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
}

export interface LedgerEntry extends LedgerFields {
  readonly hash: string;
}

/**
 * `sha256(prev_hash + canonical entry)`, chained per document: an entry
 * altered, removed or reordered within one document's history breaks that
 * document's chain, and no entry links to another document's.
 */
export function ledgerEntryHash(entry: LedgerFields): string {
  const canonical = canonicalJson({
    documentId: entry.documentId,
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    event: entry.event,
    details: entry.details,
  });
  return createHash('sha256').update(entry.prevHash + canonical, 'utf8').digest('hex');
}

export interface LedgerBreak {
  readonly brokenAt: number;
  readonly reason: 'hash_mismatch' | 'link_mismatch' | 'sequence_gap';
}

/** The first entry of a document's history (in `seq` order) that does not hold, or null. */
export function findLedgerBreak(entries: readonly LedgerEntry[]): LedgerBreak | null {
  let previous = LEDGER_GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    if (entry.seq !== index + 1) return { brokenAt: entry.seq, reason: 'sequence_gap' };
    if (entry.prevHash !== previous) return { brokenAt: entry.seq, reason: 'link_mismatch' };
    if (ledgerEntryHash(entry) !== entry.hash) return { brokenAt: entry.seq, reason: 'hash_mismatch' };
    previous = entry.hash;
  }
  return null;
}
