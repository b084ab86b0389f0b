import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@app/kernel';

/** What a click link says: which document's offer, which version and arm, in which channel. */
export interface ClickClaims {
  readonly documentId: string;
  readonly offerKey: string;
  readonly version: number;
  readonly arm: string;
  readonly channel: 'email' | 'pdf';
}

const MAC_BYTES = 16;

/**
 * Signed, self-contained tokens for the offer links a message carries: `/u/…`
 * (unsubscribe from offers, scoped to one customer) and `/o/…` (an offer's
 * click, scoped to one document's offer). Nothing is stored per token: the
 * HMAC (128 bits, key derived from `CCM_SECRET` for this purpose only) is the
 * proof, checked in constant time. An unsubscribe link never expires, as RFC
 * 8058 expects of a link in a message already delivered.
 */
export class OfferTokens {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(`ccm offer links\0${secret}`).digest();
  }

  unsubscribe(customerId: string): string {
    return this.sign({ p: 'u', c: customerId });
  }

  click(claims: ClickClaims): string {
    return this.sign({ p: 'o', d: claims.documentId, k: claims.offerKey, v: claims.version, a: claims.arm, h: claims.channel });
  }

  /** The customer an unsubscribe token names; `not_found` for anything forged, altered or of another purpose. */
  customerOf(token: string): string {
    const claims = this.verify(token);
    if (claims.p !== 'u' || typeof claims.c !== 'string') throw invalid();
    return claims.c;
  }

  clickOf(token: string): ClickClaims {
    const c = this.verify(token);
    if (c.p !== 'o' || typeof c.d !== 'string' || typeof c.k !== 'string' || typeof c.v !== 'number' || typeof c.a !== 'string' || (c.h !== 'email' && c.h !== 'pdf')) {
      throw invalid();
    }
    return { documentId: c.d, offerKey: c.k, version: c.v, arm: c.a, channel: c.h };
  }

  private sign(claims: Record<string, unknown>): string {
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  private verify(token: string): Record<string, unknown> {
    const [payload, mac, ...rest] = token.split('.');
    if (!payload || !mac || rest.length || token.length > 1_000) throw invalid();
    const given = Buffer.from(mac, 'base64url');
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      if (!claims || typeof claims !== 'object') throw invalid();
      return claims as Record<string, unknown>;
    } catch {
      throw invalid();
    }
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

/** One answer for every bad token, so a guess learns nothing. */
function invalid(): DomainError {
  return new DomainError('not_found', 'This link is not valid');
}
