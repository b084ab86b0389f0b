import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie that binds the test checkout's form to the browser that was shown it. */
export const TEST_CHECKOUT_COOKIE = 'ccm_test_checkout';

export interface IssuedForm {
  /** Goes in the cookie (HttpOnly, SameSite=Strict). */
  readonly nonce: string;
  /** Goes in the form. */
  readonly token: string;
}

/**
 * Anti-forgery tokens for the test checkout's button (double submit, signed):
 * the page sets a random nonce in a SameSite cookie and puts
 * HMAC(key, checkout id + nonce) in the form. Another site can make a browser
 * post, but can neither read the cookie nor compute the token for it.
 */
export class TestCheckoutForms {
  constructor(private readonly key: string) {}

  issue(checkoutId: string): IssuedForm {
    const nonce = randomBytes(18).toString('base64url');
    return { nonce, token: this.tokenFor(checkoutId, nonce) };
  }

  verify(checkoutId: string, nonce: string | undefined, token: string | undefined): boolean {
    if (!nonce || !token || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return false;
    const expected = Buffer.from(this.tokenFor(checkoutId, nonce));
    const offered = Buffer.from(token);
    return offered.length === expected.length && timingSafeEqual(offered, expected);
  }

  private tokenFor(checkoutId: string, nonce: string): string {
    return createHmac('sha256', this.key).update(`${checkoutId}\n${nonce}`).digest('base64url');
  }
}
