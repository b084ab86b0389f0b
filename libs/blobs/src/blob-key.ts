import { createHash } from 'node:crypto';
import { DomainError } from '@app/kernel';

/**
 * Segments of letters, digits, `_`, `-` and `.`, never starting with a dot, joined
 * by `/`. That keeps a key a plain relative path on every driver: no `..`, no
 * absolute path, no backslash, and never the name of a driver's temporary file
 * (those start with a dot).
 */
const BLOB_KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,7}$/;

export function assertBlobKey(key: string): void {
  if (!BLOB_KEY.test(key)) {
    throw new DomainError('validation_failed', `"${key}" is not a blob key: slash-separated segments of letters, digits, "_", "-" and "." not starting with "."`);
  }
}

export function blobSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
