import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { ActionPurpose } from '@app/actions';

/** How long a page's button keeps working: its own hour and the next one. */
const WINDOW_MS = 60 * 60 * 1000;

/**
 * The anti-forgery token of a landing page's form, stateless: an HMAC over the
 * link's purpose and token and the hour the page was shown, under a key
 * derived (HKDF) from the platform secret for this use alone. A POST must
 * bring the token its page was given, so a form on another site — or a
 * scanner replaying the URL with POST — does nothing. No session is kept.
 */
export class PressTokens {
  private readonly key: Buffer;

  constructor(signingSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', signingSecret, 'ccm-landing', 'landing page press token', 32));
  }

  issue(purpose: ActionPurpose, linkToken: string, now = Date.now()): string {
    const window = Math.floor(now / WINDOW_MS);
    return `${window.toString(36)}.${this.mac(purpose, linkToken, window)}`;
  }

  verify(purpose: ActionPurpose, linkToken: string, presented: unknown, now = Date.now()): boolean {
    if (typeof presented !== 'string' || presented.length > 64) return false;
    const [windowText, mac] = presented.split('.');
    if (!windowText || !mac || !/^[0-9a-z]{1,12}$/.test(windowText)) return false;
    const window = parseInt(windowText, 36);
    const current = Math.floor(now / WINDOW_MS);
    if (window !== current && window !== current - 1) return false;
    const expected = Buffer.from(this.mac(purpose, linkToken, window));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(purpose: ActionPurpose, linkToken: string, window: number): string {
    return createHmac('sha256', this.key).update(`${purpose}\n${linkToken}\n${window}`).digest('base64url');
  }
}
