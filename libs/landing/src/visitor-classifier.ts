import { createHash } from 'node:crypto';
import { isLinkScannerAgent } from '@app/actions';
import { LruCache } from '@app/kernel';

export type Visitor = 'person' | 'scanner';

/** What a request says about who sent it. */
export interface VisitFacts {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly userAgent: string | undefined;
  readonly acceptLanguage: string | undefined;
  /** Whether it brought the landing pages' first-party cookie. */
  readonly hasCookie: boolean;
  readonly clientAddress: string;
}

const REMEMBERED_COOKIELESS = 20_000;

/**
 * Tells people from link scanners, for analytics only (a scanner's view is
 * recorded as one, never acted on). A scanner: a HEAD; a listed user agent;
 * no Accept-Language (every browser sends one); or no cookie on a second visit
 * to the same link from the same address and agent — a browser keeps the
 * cookie its first visit was given. Those visits are remembered per process
 * by a hash, not stored.
 */
export class VisitorClassifier {
  private readonly cookieless = new LruCache<string, true>(REMEMBERED_COOKIELESS);

  classify(linkId: string, visit: VisitFacts): Visitor {
    if (visit.method === 'HEAD') return 'scanner';
    if (isLinkScannerAgent(visit.userAgent)) return 'scanner';
    if (!visit.acceptLanguage?.trim()) return 'scanner';
    if (visit.hasCookie) return 'person';
    const key = createHash('sha256').update(`${linkId}\n${visit.clientAddress}\n${visit.userAgent ?? ''}`).digest('base64url');
    if (this.cookieless.get(key)) return 'scanner';
    this.cookieless.set(key, true);
    return 'person';
  }
}

/** What is kept of a user agent: enough to tell clients apart, bounded. */
export function truncatedUserAgent(userAgent: string | undefined): string | null {
  return userAgent ? userAgent.slice(0, 256) : null;
}
