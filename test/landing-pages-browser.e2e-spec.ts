import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { ActionLinks } from '../libs/actions/src';
import { expireLinks, IssuedLinks, postInvoice } from './support/landing-pages';
import { FakeStripeServer } from './support/providers';
import { startTestPlatform, TestPlatform } from './support/test-platform';

const SHOTS = '/tmp/shots/landing';
const FILES = { en: 'invoice-en-us.json', ar: 'invoice-ar-sa.json', zh: 'invoice-zh-cn.json' } as const;
type Language = keyof typeof FILES;
const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 };

/**
 * The pages as a person meets them: in Chromium, by keyboard, at phone width,
 * in English, Arabic and Chinese, checked by axe-core.
 */
describe('pay and ask pages in a real browser (e2e)', () => {
  const stripe = new FakeStripeServer();
  let platform: TestPlatform;
  let browser: Browser;
  let base: string;
  const pages: Record<Language, { active: IssuedLinks; paid: IssuedLinks; expired: IssuedLinks }> = {} as never;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const origin = await stripe.listen();
    platform = await startTestPlatform({ ...stripe.env(), CCM_PAY_CHECKOUT_ORIGINS: origin, CCM_WHATSAPP_BUSINESS_NUMBER: '+14155550199' });
    const server = (await platform.app.listen(0, '127.0.0.1')) as Server;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const billing = await platform.keyFor('billing');
    for (const language of Object.keys(FILES) as Language[]) {
      const active = await postInvoice(platform, billing, FILES[language]);
      const paid = await postInvoice(platform, billing, FILES[language]);
      await platform.app.get(DataSource).transaction((manager) =>
        platform.app.get(ActionLinks).revoke(manager, { documentId: paid.id, purpose: 'pay', reason: 'paid', at: new Date('2026-12-01T09:30:00Z') }),
      );
      const expired = await postInvoice(platform, billing, FILES[language], (body) => {
        body.data.invoice.issueDate = '2025-01-01';
        body.data.invoice.dueDate = '2025-01-15';
      });
      await expireLinks(platform, expired.id);
      pages[language] = { active, paid, expired };
    }
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    await stripe.close();
  });

  /** A page with the page's own CSP enforced; collects CSP violations the console reports. */
  async function open(path: string, locale: string, options: { bypassCSP?: boolean } = {}): Promise<{ page: Page; cspErrors: string[] }> {
    const context = await browser.newContext({ ...PHONE, locale, bypassCSP: options.bypassCSP ?? false });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.goto(`${base}${path}`);
    return { page, cspErrors };
  }

  it('pays by keyboard alone: Tab to the button, Enter, and the checkout opens', async () => {
    const { page, cspErrors } = await open(pages.en.active.payPath, 'en-US');
    let focused = '';
    for (let tab = 0; tab < 10 && focused !== 'BUTTON'; tab += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.tagName ?? '');
    }
    expect(focused).toBe('BUTTON');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pay $83.10');
    await page.screenshot({ path: `${SHOTS}/en-pay-focused.png`, fullPage: true });
    await Promise.all([page.waitForURL(`${stripe.url}/c/pay/**`), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Checkout');
    expect(stripe.sessionsFor(pages.en.active.id)).toHaveLength(1);
    expect(cspErrors).toEqual([]);
    await page.context().close();
  });

  it('lays Arabic out right to left and Chinese in its own glyphs, at 375 px without sideways scrolling', async () => {
    for (const [language, locale] of [['ar', 'ar-SA'], ['zh', 'zh-CN'], ['en', 'en-US']] as const) {
      for (const kind of ['pay', 'ask'] as const) {
        const { page, cspErrors } = await open(kind === 'pay' ? pages[language].active.payPath : pages[language].active.askPath, locale);
        const html = await page.evaluate(() => ({ dir: document.documentElement.dir, lang: document.documentElement.lang, overflow: document.documentElement.scrollWidth - window.innerWidth }));
        expect(html).toEqual({ dir: language === 'ar' ? 'rtl' : 'ltr', lang: language, overflow: 0 });
        expect(cspErrors).toEqual([]);
        await page.screenshot({ path: `${SHOTS}/${language}-${kind}.png`, fullPage: true });
        await page.context().close();
      }
    }
  });

  it('has no serious or critical axe-core violations on the pay, ask, paid and expired pages in en, ar and zh', async () => {
    const found: string[] = [];
    for (const [language, locale] of [['en', 'en-US'], ['ar', 'ar-SA'], ['zh', 'zh-CN']] as const) {
      const set = pages[language];
      for (const [kind, path] of [['pay', set.active.payPath], ['ask', set.active.askPath], ['paid', set.paid.payPath], ['expired', set.expired.payPath]] as const) {
        // axe is injected as a script, which the pages' own CSP rightly refuses: bypassed for this check only.
        const { page } = await open(path, locale, { bypassCSP: true });
        await page.addScriptTag({ content: axe.source });
        const violations = await page.evaluate(async () => {
          const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
        });
        for (const v of violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')) found.push(`${language} ${kind}: ${v.id} (${v.impact}) at ${v.nodes.join(', ')}`);
        if (kind === 'paid' || kind === 'expired') await page.screenshot({ path: `${SHOTS}/${language}-${kind}.png`, fullPage: true });
        await page.context().close();
      }
    }
    expect(found).toEqual([]);
  });
});
