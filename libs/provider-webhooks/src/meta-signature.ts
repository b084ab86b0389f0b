import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the raw body
 * bytes with the app secret. Checked on the bytes as they arrived — a
 * re-serialised JSON would differ in spacing and escapes — and in constant time.
 */
export function isValidMetaSignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  const hex = HEADER.exec(header?.trim() ?? '')?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
}
