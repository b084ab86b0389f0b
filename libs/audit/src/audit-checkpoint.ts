import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from '@app/contracts';
import { DomainError } from '@app/kernel';
import type { AuditKeyRing } from './audit-key-ring';

/** Names the format of an exported checkpoint, so a file says what it is. */
export const CHECKPOINT_FORMAT = 'ccm-audit-checkpoint/1';

/**
 * The chain's head at one moment, signed with the audit key: kept by the
 * operator outside the database, it proves how long the chain was and what its
 * last entry was — so deleting the newest entries, or rewriting the whole chain,
 * no longer verifies.
 */
export interface AuditCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** Its number in this installation (informational; not signed). */
  readonly id?: string;
  /** The last entry covered; '0' when the chain was empty. */
  readonly entryId: string;
  readonly entryHash: string;
  /** How many entries the chain had up to and including `entryId`. */
  readonly entries: number;
  readonly createdAt: string;
  readonly keyId: string;
  /** HMAC-SHA256 of the fields above (but `id`), hex. */
  readonly signature: string;
}

export type UnsignedCheckpoint = Omit<AuditCheckpoint, 'format' | 'id' | 'signature' | 'keyId'>;

export function signCheckpoint(fields: UnsignedCheckpoint, keys: AuditKeyRing): AuditCheckpoint {
  const { id: keyId, secret } = keys.current;
  return { format: CHECKPOINT_FORMAT, ...fields, keyId, signature: checkpointSignature({ ...fields, keyId }, secret) };
}

/** True when `checkpoint` was signed by one of `keys` and not changed since. */
export function checkpointSignatureHolds(checkpoint: AuditCheckpoint, keys: AuditKeyRing): boolean {
  const secret = typeof checkpoint.keyId === 'string' ? keys.secretOf(checkpoint.keyId) : undefined;
  if (secret === undefined || typeof checkpoint.signature !== 'string') return false;
  const expected = Buffer.from(
    checkpointSignature(
      { entryId: checkpoint.entryId, entryHash: checkpoint.entryHash, entries: checkpoint.entries, createdAt: checkpoint.createdAt, keyId: checkpoint.keyId },
      secret,
    ),
    'hex',
  );
  const found = Buffer.from(checkpoint.signature, 'hex');
  return found.length === expected.length && timingSafeEqual(found, expected);
}

function checkpointSignature(fields: UnsignedCheckpoint & { readonly keyId: string }, secret: string): string {
  const signed = {
    format: CHECKPOINT_FORMAT,
    entryId: String(fields.entryId),
    entryHash: String(fields.entryHash),
    entries: Number(fields.entries),
    createdAt: String(fields.createdAt),
    keyId: fields.keyId,
  };
  return createHmac('sha256', secret).update(canonicalJson(signed), 'utf8').digest('hex');
}

/** An exported checkpoint as read back from a file or a request, checked for shape (not yet for its signature). */
export function parseCheckpoint(value: unknown, pointer = ''): AuditCheckpoint {
  const problems: Array<{ pointer: string; message: string }> = [];
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const need = (field: string, ok: boolean, message: string) => {
    if (!ok) problems.push({ pointer: `${pointer}/${field}`, message });
  };
  need('format', record.format === CHECKPOINT_FORMAT, `must be "${CHECKPOINT_FORMAT}"`);
  need('entryId', typeof record.entryId === 'string' && /^\d{1,18}$/.test(record.entryId), 'must be an entry id');
  need('entryHash', typeof record.entryHash === 'string' && /^[0-9a-f]{64}$/.test(record.entryHash), 'must be a hex SHA-256');
  need('entries', Number.isSafeInteger(record.entries) && (record.entries as number) >= 0, 'must be a count');
  need('createdAt', typeof record.createdAt === 'string' && !Number.isNaN(Date.parse(record.createdAt)), 'must be an ISO 8601 instant');
  need('keyId', typeof record.keyId === 'string' && record.keyId.length > 0, 'must name an audit key');
  need('signature', typeof record.signature === 'string' && /^[0-9a-f]{64}$/.test(record.signature), 'must be a hex HMAC-SHA256');
  if (problems.length) throw new DomainError('validation_failed', 'Not an audit checkpoint', problems);
  return record as unknown as AuditCheckpoint;
}
