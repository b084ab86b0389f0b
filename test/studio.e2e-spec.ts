import axe from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fixture, REPO_ROOT } from './support/fixtures';
import { ADMIN_KEY, startTestPlatform, type TestPlatform } from './support/test-platform';

const SHOTS = '/tmp/shots/studio';
const ADMIN = { email: 'admin@studio.test', password: 'admin password for the studio' };
const AUTHOR = { email: 'ana.author@studio.test', name: 'Ana Author', password: 'author password 123' };
const REVIEWER = { email: 'rui.reviewer@studio.test', name: 'Rui Reviewer', password: 'reviewer password 456' };
/** Short enough for every sample's budget; the longer text first typed past it adds a segment. */
const SMS_ADDITION = ' Questions? Call Northwind on 0800 123 456.';
// Longer than one GSM-7 segment (153 characters) by itself: whatever the sample's length, it adds a segment.
const SMS_OVERFLOW = ' We are here for you on weekdays from 8 am to 8 pm and on Saturdays from 9 am to 1 pm, except public holidays. Visit a branch or call us any time. Thank you for choosing Northwind.';
const UNKNOWN_MESSAGE = ' {{t "invoice.no-such-message"}}';
const LONG = 120_000;

/**
 * The studio against the real platform in real Chromium: an author edits the
 * invoice's SMS with live previews and lint, submits; a reviewer reads the
 * rendered diff, approves and publishes; the next document uses the new version.
 */
describe('studio (e2e)', () => {
  let platform: TestPlatform;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/studio/index.html'))) throw new Error('the studio is not built: npm run build:studio (npm test builds it)');
    mkdirSync(SHOTS, { recursive: true });
    // Plain http on loopback, so the session cookies are not Secure-only.
    platform = await startTestPlatform({ CCM_PUBLIC_URL: 'http://127.0.0.1', CCM_ADMIN_EMAIL: ADMIN.email, CCM_ADMIN_PASSWORD: ADMIN.password });
    await platform.app.listen(0, '127.0.0.1');
    base = (await platform.app.getUrl()).replace('[::1]', '127.0.0.1');
    // The reviewer is invited with the admin key through the API; the author through the studio, below.
    const invitation = await platform.http
      .post('/v1/invitations')
      .set('Authorization', `Bearer ${ADMIN_KEY}`)
      .send({ email: REVIEWER.email, name: REVIEWER.name, roles: ['reviewer'] })
      .expect(201);
    const token = new URL(invitation.body.inviteUrl as string).searchParams.get('token');
    await platform.http.post('/v1/invitations/accept').send({ token, name: REVIEWER.name, password: REVIEWER.password }).expect(201);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  }, LONG);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const newContext = () => browser.newContext({ bypassCSP: true, viewport: { width: 1600, height: 1100 } });

  /** axe-core in the page: no serious or critical violations. */
  async function expectAccessible(page: Page, name: string): Promise<void> {
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function logIn(context: BrowserContext, who: { email: string; password: string }): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/studio/`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who-am-i').waitFor({ timeout: LONG });
    return page;
  }

  const segments = async (page: Page) => Number((await page.getByTestId('sms-segments').innerText()).split(' ')[0]);
  const previewsSettled = (page: Page) => page.locator('[data-testid="previews"][aria-busy="false"]').waitFor({ timeout: LONG });

  it('serves the studio: index.html never cached and under its own CSP, hashed assets cached for good, client routes falling back to index.html', async () => {
    const deep = await platform.http.get('/studio/reviews/invoice/2').expect(200);
    expect(deep.headers['content-type']).toMatch(/^text\/html/);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(deep.headers['content-security-policy']).toContain("script-src 'self';");
    expect(deep.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/studio\/assets\/[^"]+\.js)"/.exec(deep.text)![1];
    const script = await platform.http.get(asset).expect(200);
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.headers['cache-control']).toContain('max-age=31536000');
    await platform.http.get('/studio/assets/no-such-file.js').expect(404);
  });

  it(
    'takes an SMS change from the editor through review to the next document',
    async () => {
      const serverPage = await (await newContext()).newPage();
      const studio = await serverPage.goto(`${base}/studio/templates`);
      expect(studio!.headers()['content-security-policy']).toContain("script-src 'self'");
      expect(studio!.headers()['cache-control']).toBe('no-cache');

      // The admin invites the author from the studio; the author accepts the link, signs out and in again.
      const adminContext = await newContext();
      const admin = await logIn(adminContext, ADMIN);
      await admin.getByRole('link', { name: 'Users' }).click();
      await admin.getByLabel('Email').fill(AUTHOR.email);
      await admin.getByLabel('Name').fill(AUTHOR.name);
      await admin.getByRole('checkbox', { name: 'reviewer' }).check();
      await admin.getByRole('button', { name: 'Create invitation' }).click();
      const inviteUrl = new URL(await admin.getByTestId('invite-url').innerText({ timeout: LONG }));
      await admin.getByRole('cell', { name: ADMIN.email }).waitFor({ timeout: LONG });
      await expectAccessible(admin, 'users');
      const authorContext = await newContext();
      const invited = await authorContext.newPage();
      await invited.goto(`${base}${inviteUrl.pathname}${inviteUrl.search}`);
      await expectAccessible(invited, 'accept invitation');
      await invited.getByLabel('Name').fill(AUTHOR.name);
      await invited.getByLabel('Password').fill(AUTHOR.password);
      await invited.getByRole('button', { name: 'Create my account' }).click();
      await invited.getByTestId('who-am-i').waitFor({ timeout: LONG });
      await invited.getByRole('button', { name: 'Log out' }).click();
      await invited.getByRole('button', { name: 'Sign in' }).waitFor({ timeout: LONG });
      await expectAccessible(invited, 'sign in');
      await invited.close();

      // The author signs in, opens the published invoice and drafts from it.
      const author = await logIn(authorContext, AUTHOR);
      await expect(author.getByTestId('who-am-i').innerText()).resolves.toContain(AUTHOR.name);
      await expectAccessible(author, 'templates');
      await author.getByRole('row', { name: /invoice/ }).getByRole('link', { name: /^v1 / }).click();
      await author.getByRole('button', { name: 'New draft from this version' }).click();
      await author.getByRole('button', { name: 'Submit for review' }).waitFor({ timeout: LONG });
      const draftNumber = Number(/versions\/(\d+)/.exec(author.url())![1]);
      expect(draftNumber).toBeGreaterThan(1);

      // Live previews of all four channels, for the English sample.
      await author.getByLabel('Sample data').selectOption('en-us');
      await author.getByRole('tab', { name: 'SMS' }).click();
      await previewsSettled(author);
      await author.getByTestId('sms-segments').waitFor({ timeout: LONG });
      for (const channel of ['Email', 'PDF', 'SMS', 'WhatsApp']) await author.getByRole('heading', { name: channel, exact: true }).waitFor();
      const before = await segments(author);
      await author.screenshot({ path: `${SHOTS}/editor-en.png`, fullPage: true });
      await expectAccessible(author, 'editor');

      // Typing more SMS text changes the segment count as the author types.
      const sms = author.getByTestId('source-sms-text').locator('.cm-content');
      await sms.click();
      await author.keyboard.press('Control+End');
      await author.keyboard.insertText(SMS_ADDITION);
      await author.getByTestId('sms-text').filter({ hasText: 'Call Northwind' }).waitFor({ timeout: LONG });
      await previewsSettled(author);
      const withAddition = await segments(author);
      expect(withAddition).toBeGreaterThanOrEqual(before);
      await author.keyboard.insertText(SMS_OVERFLOW);
      await author.waitForFunction((n) => Number(document.querySelector('[data-testid="sms-segments"]')?.textContent?.split(' ')[0]) > n, withAddition, { timeout: LONG });
      for (let i = 0; i < SMS_OVERFLOW.length; i += 1) await author.keyboard.press('Backspace');
      await author.waitForFunction((n) => Number(document.querySelector('[data-testid="sms-segments"]')?.textContent?.split(' ')[0]) === n, withAddition, { timeout: LONG });
      await expect(author.getByTestId('sms-text').innerText()).resolves.toContain('Call Northwind');

      // An unknown message key is a lint error, shown inline where it is; removing it clears it.
      await author.keyboard.insertText(UNKNOWN_MESSAGE);
      await author.getByTestId('findings').getByText('invoice.no-such-message').first().waitFor({ timeout: LONG });
      await author.getByTestId('source-sms-text').locator('.cm-lintRange-error').waitFor({ timeout: LONG });
      for (let i = 0; i < UNKNOWN_MESSAGE.length; i += 1) await author.keyboard.press('Backspace');
      await author.getByTestId('source-sms-text').locator('.cm-lintRange-error').waitFor({ state: 'detached', timeout: LONG });

      // The same previews in Arabic, right to left.
      await author.getByTestId('locale-select').selectOption('ar');
      await author.locator('.sms-bubble[dir="rtl"]').waitFor({ timeout: LONG });
      await previewsSettled(author);
      await author.getByLabel('Language').selectOption('ar');
      await author.locator('html[dir="rtl"][lang="ar"]').waitFor();
      await author.screenshot({ path: `${SHOTS}/editor-ar.png`, fullPage: true });
      await expectAccessible(author, 'editor in Arabic');
      await author.getByLabel('اللغة', { exact: true }).selectOption('en');
      await author.locator('html[dir="ltr"][lang="en"]').waitFor();

      await author.getByRole('button', { name: 'Submit for review' }).click();
      await author.getByText('Submitted for review.').waitFor({ timeout: LONG });

      // Its author sees no approve button, and the platform refuses the approval anyway.
      await author.goto(`${base}/studio/reviews/invoice/${draftNumber}`);
      await author.getByText('You wrote this version').waitFor({ timeout: LONG });
      expect(await author.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      const refused = await author.evaluate(async (n) => {
        const csrf = document.cookie.split('; ').find((c) => c.startsWith('ccm_csrf='))!.slice('ccm_csrf='.length);
        const response = await fetch(`/v1/templates/invoice/versions/${n}/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) }, body: '{}' });
        return { status: response.status, body: await response.json() };
      }, draftNumber);
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toEqual(expect.any(String));

      // A reviewer reads the rendered diff, approves and publishes.
      const reviewerContext = await newContext();
      const reviewer = await logIn(reviewerContext, REVIEWER);
      await reviewer.getByRole('link', { name: 'Reviews' }).click();
      await reviewer.getByRole('link', { name: 'invoice' }).click();
      await reviewer.getByTestId('rendered-sms').waitFor({ timeout: LONG });
      await expect(reviewer.getByTestId('rendered-sms').innerText()).resolves.toContain('Call Northwind');
      await reviewer.getByTestId('rendered-email').locator('img').first().waitFor({ timeout: LONG });
      await reviewer.screenshot({ path: `${SHOTS}/review.png`, fullPage: true });
      await expectAccessible(reviewer, 'review');
      await reviewer.getByLabel('Comment').fill('Clearer for customers who call');
      await reviewer.getByRole('button', { name: 'Approve' }).click();
      await reviewer.getByRole('button', { name: 'Publish' }).click({ timeout: LONG });
      await reviewer.getByText('Published').first().waitFor({ timeout: LONG });
      await reviewer.locator('[data-testid="version-status"]', { hasText: 'published' }).waitFor({ timeout: LONG });

      // The next document uses the new version.
      const billing = await platform.keyFor('billing');
      const posted = await platform.http
        .post('/v1/documents')
        .set('Authorization', `Bearer ${billing}`)
        .send({ ...fixture('invoice-en-us.json'), externalRef: 'STUDIO-E2E-1' })
        .expect(201);
      expect(posted.body.template).toEqual(expect.objectContaining({ key: 'invoice', version: draftNumber }));
    },
    10 * 60_000,
  );

  it(
    'shows the deliveries dashboard and the studio in Arabic, right to left',
    async () => {
      // A few invoices sent into the outbox, so the charts have deliveries to count.
      const billing = await platform.keyFor('billing');
      for (const file of ['invoice-en-us.json', 'invoice-ar-sa.json', 'invoice-zh-cn.json']) {
        await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billing}`).send({ ...fixture(file), dispatch: true }).expect(201);
      }
      const sentCount = async () =>
        ((await platform.http.get('/v1/deliveries?status=sent').set('Authorization', `Bearer ${billing}`).expect(200)).body.items as unknown[]).length;
      for (let waited = 0; (await sentCount()) < 3; waited += 1) {
        if (waited > 240) throw new Error('the invoices were not sent');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      const context = await newContext();
      const admin = await logIn(context, ADMIN);
      await admin.getByRole('link', { name: 'Dashboard' }).click();
      await admin.locator('.recharts-bar-rectangle').first().waitFor({ timeout: LONG });
      await admin.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
      await expectAccessible(admin, 'dashboard');

      // Documents: found by their external reference, with renditions and the delivery timeline.
      const reference = fixture('invoice-ar-sa.json').externalRef as string;
      await admin.getByRole('link', { name: 'Documents' }).click();
      await admin.getByLabel('External reference').fill(reference);
      await admin.getByRole('button', { name: 'Search', exact: true }).click();
      await admin.getByRole('status').getByText('1 document(s) shown', { exact: false }).waitFor({ timeout: LONG });
      await admin.getByRole('button', { name: reference }).click();
      await admin.locator('.timeline').getByText('sent', { exact: false }).first().waitFor({ timeout: LONG });
      expect(await admin.getByRole('row').count()).toBeGreaterThanOrEqual(2);
      await admin.screenshot({ path: `${SHOTS}/documents.png`, fullPage: true });
      await expectAccessible(admin, 'documents');
      await admin.getByLabel('Language').selectOption('ar');
      await admin.locator('html[dir="rtl"][lang="ar"]').waitFor();
      await admin.getByRole('link', { name: 'القوالب' }).click();
      await admin.getByRole('row', { name: /service-update/ }).getByRole('link').first().waitFor({ timeout: LONG });
      await admin.screenshot({ path: `${SHOTS}/templates-ar.png`, fullPage: true });
      await expectAccessible(admin, 'templates in Arabic');
    },
    5 * 60_000,
  );
});
