import { fixture } from './fixtures';
import { withDatabase } from './provider-callbacks';
import type { TestPlatform } from './test-platform';

export interface IssuedLinks {
  readonly id: string;
  readonly payPath: string;
  readonly askPath: string;
}

/** Posts a sample invoice (with `changes` to its body) and reads its pay and ask links back. */
export async function postInvoice(platform: TestPlatform, billingKey: string, file: string, changes: (body: Record<string, any>) => void = () => undefined): Promise<IssuedLinks> {
  const body = fixture(file);
  body.externalRef = `${body.externalRef}-${Math.random().toString(36).slice(2, 10)}`;
  changes(body);
  const created = await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billingKey}`).send(body).expect(201);
  const id = created.body.id as string;
  const document = await platform.http.get(`/v1/documents/${id}`).set('Authorization', `Bearer ${billingKey}`).expect(200);
  const path = (url: string) => new URL(url).pathname;
  return { id, payPath: path(document.body.actions.pay.url), askPath: path(document.body.actions.ask.url) };
}

/** The anti-forgery token of a page's form. */
export function pressTokenIn(html: string): string {
  const match = /name="press" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('the page has no form to press');
  return match[1];
}

/** The `name=value` of the first-party cookie a landing page set. */
export function visitorCookieOf(setCookie: string[] | string | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = cookies.find((c) => c.startsWith('ccm_visitor='));
  if (!cookie) throw new Error('no visitor cookie was set');
  return cookie.split(';')[0];
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Lets a document's links run out, as time would: issued links last at least
 * a day, so the test moves their expiry into the past as the database's owner.
 */
export async function expireLinks(platform: TestPlatform, documentId: string): Promise<void> {
  await withDatabase(platform, (db) => db.query(`UPDATE action_links SET expires_at = now() - interval '1 day' WHERE document_id = $1`, [documentId]));
}
