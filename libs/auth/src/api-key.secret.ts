import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'ccm_';

/** A new API key: 256 random bits, recognisable by its prefix in logs and scanners. */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * Keys carry 256 bits of entropy, so a fast hash is enough to store them: the
 * table never holds a usable key, and lookup by hash stays an index probe.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function displayPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6);
}
