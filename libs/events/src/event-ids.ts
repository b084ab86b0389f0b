import { randomBytes } from 'node:crypto';

/** `evt_…`, `msg_…`: a kind prefix and 128 random bits, readable in logs and in receivers' dedupe tables. */
export function newPrefixedId(prefix: 'evt' | 'msg'): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
