import axe from 'axe-core';
import { existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fixture, REPO_ROOT } from './support/fixtures';
import { ADMIN_KEY, startTestPlatform, type TestPlatform } from './support/test-platform';

const SHOTS = '/tmp/shots/studio2';
const ADMIN = { email: 'admin@offers.test', password: 'admin password for the offers studio' };
const MARKETER = { email: 'mia.marketer@offers.test', name: 'Mia Marketer', password: 'marketer password 789' };
const REVIEWER = { email: 'rui.reviewer@offers.test', name: 'Rui Reviewer', password: 'reviewer password 456' };
const LONG = 120_000;

/**
 * The studio's offers, document search and pay analytics against the real
 * platform in real Chromium: a marketer drafts an offer, sees it inside the
 * invoice and submits it; a reviewer approves and publishes it; an operator
 * finds a document by its external reference; every page is axe-clean.
 */
describe('studio offers, document search and pay analytics (e2e)', () => {
  let platform: TestPlatform;
  let base: string;
  let browser: Browser;

  async function invite(who: { email: string; name: string; password: string }, roles: string[]): Promise<void> {
    const invitation = await platform.http.post('/v1/invitations').set('Authorization', `Bearer ${ADMIN_KEY}`).send({ email: who.email, name: who.name, roles }).expect(201);
    const token = new URL(invitation.body.inviteUrl as string).searchParams.get('token');
    await platform.http.post('/v1/invitations/accept').send({ token, name: who.name, password: who.password }).expect(201);
  }

  beforeAll(async () => {
    if (!existsSync(path.join(REPO_ROOT, 'dist/studio/index.html'))) throw new Error('the studio is not built: npm run build:studio (npm test builds it)');
    mkdirSync(SHOTS, { recursive: true });
    platform = await startTestPlatform({ CCM_PUBLIC_URL: 'http://127.0.0.1', CCM_ADMIN_EMAIL: ADMIN.email, CCM_ADMIN_PASSWORD: ADMIN.password });
    await platform.app.listen(0, '127.0.0.1');
    base = (await platform.app.getUrl()).replace('[::1]', '127.0.0.1');
    await invite(MARKETER, ['marketer']);
    await invite(REVIEWER, ['reviewer']);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  }, LONG);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  const newContext = (): Promise<BrowserContext> => browser.newContext({ bypassCSP: true, viewport: { width: 1600, height: 1100 } });

  async function expectAccessible(page: Page, name: string): Promise<void> {
    await page.addScriptTag({ content: axe.source });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    });
    expect({ page: name, violations }).toEqual({ page: name, violations: [] });
  }

  async function logIn(who: { email: string; password: string }): Promise<Page> {
    const page = await (await newContext()).newPage();
    await page.goto(`${base}/studio/`);
    await page.getByLabel('Email').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who-am-i').waitFor({ timeout: LONG });
    return page;
  }

  const previewShown = (page: Page) => page.getByTestId('offer-preview').locator('iframe').waitFor({ timeout: LONG });

  it(
    'takes an offer from a marketer\'s draft, previewed inside the invoice, through review to published',
    async () => {
      const marketer = await logIn(MARKETER);
      await marketer.getByRole('link', { name: 'Offers' }).click();
      await marketer.getByRole('heading', { name: 'New offer' }).waitFor({ timeout: LONG });
      await expectAccessible(marketer, 'offers catalog');
      await marketer.getByLabel('Key').fill('fiber-studio');
      await marketer.getByLabel('Description').fill('Fiber upgrade, written in the studio');
      await marketer.getByRole('button', { name: 'Create with a first draft' }).click();
      await marketer.getByRole('button', { name: 'Submit for review' }).waitFor({ timeout: LONG });
      expect(marketer.url()).toMatch(/\/studio\/offers\/fiber-studio\/versions\/1$/);

      // The marketer writes the English title and narrows the rule with the builder.
      const english = marketer.getByRole('group', { name: 'English' });
      await english.getByLabel('Title').fill('Go Fiber 1000 from the studio');
      await marketer.getByLabel('Field').fill('derived.amountDue');
      await marketer.getByLabel('Operator').selectOption('<');
      await marketer.getByLabel('Value').fill('100000');
      await marketer.getByRole('button', { name: 'Add', exact: true }).click();
      await marketer.getByRole('textbox', { name: 'Eligibility rule (JSON Logic)' }).getByText('derived.amountDue').waitFor({ timeout: LONG });
      await marketer.getByLabel('Invoice sample to preview in').selectOption('en-us');
      await marketer.getByRole('button', { name: 'Save and preview' }).click();
      await marketer.getByTestId('offer-message').getByText('Draft saved.').waitFor({ timeout: LONG });
      await previewShown(marketer);
      await marketer
        .getByTestId('offer-preview')
        .frameLocator('iframe')
        .getByText('Go Fiber 1000 from the studio')
        .waitFor({ timeout: LONG });
      await marketer.getByRole('link', { name: /Open the invoice PDF with the offer/ }).waitFor();
      const saved = await platform.http.get('/v1/offers/fiber-studio/versions/1').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
      expect(saved.body.content.eligibility).toEqual({ and: [{ '==': [{ var: 'document.type' }, 'invoice'] }, { '<': [{ var: 'derived.amountDue' }, 100000] }] });
      expect(await marketer.getByRole('button', { name: 'Approve' }).count()).toBe(0);
      await marketer.screenshot({ path: `${SHOTS}/offer-editor-en.png`, fullPage: true });
      await expectAccessible(marketer, 'offer editor');

      // In Arabic the editor reads right to left.
      await marketer.getByLabel('Language').selectOption('ar');
      await marketer.locator('html[dir="rtl"][lang="ar"]').waitFor();
      await previewShown(marketer);
      await marketer.screenshot({ path: `${SHOTS}/offer-editor-ar.png`, fullPage: true });
      await expectAccessible(marketer, 'offer editor in Arabic');
      await marketer.getByLabel('اللغة').selectOption('en');
      await marketer.locator('html[dir="ltr"][lang="en"]').waitFor();

      await marketer.getByRole('button', { name: 'Submit for review' }).click();
      await marketer.locator('[data-testid="version-status"]', { hasText: 'in review' }).waitFor({ timeout: LONG });
      expect(await marketer.getByRole('button', { name: 'Approve' }).count()).toBe(0);

      // The reviewer finds it in the catalog, approves and publishes it.
      const reviewer = await logIn(REVIEWER);
      await reviewer.getByRole('link', { name: 'Offers' }).click();
      await reviewer.getByRole('row', { name: /fiber-studio/ }).getByRole('link', { name: /v1/ }).click();
      await previewShown(reviewer);
      await reviewer.getByRole('button', { name: 'Approve' }).click();
      await reviewer.getByRole('button', { name: 'Publish' }).click({ timeout: LONG });
      await reviewer.locator('[data-testid="version-status"]', { hasText: 'published' }).waitFor({ timeout: LONG });
      const offer = await platform.http.get('/v1/offers/fiber-studio').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
      expect(offer.body.publishedVersion).toBe(1);
      await reviewer.getByRole('link', { name: 'All offers' }).click();
      await reviewer.getByRole('row', { name: /fiber-studio/ }).getByText('published').waitFor({ timeout: LONG });
      await expectAccessible(reviewer, 'offers catalog for a reviewer');
    },
    10 * 60_000,
  );

  it(
    'finds a document by its external reference, and shows pay conversion and time to pay on the dashboard',
    async () => {
      const billing = await platform.keyFor('billing');
      const ids: string[] = [];
      for (const [file, ref] of [
        ['invoice-en-us.json', 'SEARCH-STUDIO-1'],
        ['invoice-ar-sa.json', 'SEARCH-STUDIO-2'],
        ['invoice-zh-cn.json', 'SEARCH-STUDIO-3'],
      ]) {
        const created = await platform.http.post('/v1/documents').set('Authorization', `Bearer ${billing}`).send({ ...fixture(file), externalRef: ref, dispatch: true }).expect(201);
        ids.push(created.body.id as string);
      }
      // Sent first, then one of them paid: the dashboard has a conversion and a time to pay to show.
      const sentCount = async () =>
        ((await platform.http.get('/v1/deliveries?status=sent').set('Authorization', `Bearer ${billing}`).expect(200)).body.items as unknown[]).length;
      for (let waited = 0; (await sentCount()) < 3; waited += 1) {
        if (waited > 240) throw new Error('the invoices were not sent');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await platform.http
        .post(`/v1/documents/${ids[0]}/payments`)
        .set('Authorization', `Bearer ${billing}`)
        .send({ amount: '10.00', currency: 'USD', paidAt: new Date().toISOString(), reference: 'STUDIO-PAY-1', method: 'card' })
        .expect((res) => expect(res.status).toBeLessThan(300));
      const admin = await logIn(ADMIN);
      await admin.getByRole('link', { name: 'Documents' }).click();
      await admin.getByLabel('External reference').fill('SEARCH-STUDIO-2');
      await admin.getByRole('button', { name: 'Search', exact: true }).click();
      await admin.getByRole('status').getByText('1 document(s) shown', { exact: false }).waitFor({ timeout: LONG });
      await admin.getByRole('button', { name: 'SEARCH-STUDIO-2' }).waitFor();
      expect(await admin.getByRole('button', { name: 'SEARCH-STUDIO-1' }).count()).toBe(0);
      await admin.screenshot({ path: `${SHOTS}/documents-search.png`, fullPage: true });
      await expectAccessible(admin, 'documents search');

      await admin.getByRole('link', { name: 'Dashboard' }).click();
      await admin.getByRole('heading', { name: 'Pay conversion per template version' }).waitFor({ timeout: LONG });
      await admin.locator('#chart-conversion').locator('xpath=..').locator('.recharts-bar-rectangle').first().waitFor({ timeout: LONG, state: 'attached' });
      await admin.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
      await expectAccessible(admin, 'dashboard');
    },
    5 * 60_000,
  );
});
