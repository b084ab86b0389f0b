import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { resolveChromiumExecutable } from '../libs/rendering/src';
import { BuiltInEmails, EMAIL_LANGUAGES } from './support/built-in-emails';
import { GlyphBrowser } from './support/glyph-probe';

/**
 * The emails' action buttons (an invoice's pay and ask, the other kinds' ask), as a phone shows them: each links to
 * the document's own link (`/a/pay/<token>`, `/a/ask/<token>`, 24 characters),
 * lies wholly on the screen at 320, 375 and 600 px in English, Arabic (right to
 * left) and Chinese, is big enough to tap and is not covered by anything; and
 * the plain-text part gives both links for clients that show no HTML.
 */
const WIDTHS = [320, 375, 600] as const;
/** Apple's and Google's smallest comfortable tap target, in CSS pixels. */
const MIN_TAP_PX = 44;
const SHOTS = process.env.CCM_SHOTS_DIR ?? '/tmp/shots/links';
const LINK = /^https:\/\/ccm\.northwind\.example\/a\/(pay|ask)\/[A-Za-z0-9_-]{24}$/;

let browser: GlyphBrowser;
let emails: BuiltInEmails;

beforeAll(async () => {
  const executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || undefined);
  await mkdir(SHOTS, { recursive: true });
  [browser, emails] = await Promise.all([GlyphBrowser.launch(executablePath), BuiltInEmails.load()]);
}, 120_000);

afterAll(() => browser?.close());

interface Button {
  readonly href: string;
  readonly left: number;
  readonly right: number;
  readonly width: number;
  readonly height: number;
  /** Whether a tap at the button's centre reaches the link. */
  readonly reachable: boolean;
}

const CASES = ['invoice', 'payment-confirmation', 'service-update'].flatMap((key) => EMAIL_LANGUAGES.map((language) => ({ key, language })));

describe.each(CASES)('the $language $key email', ({ key, language }) => {
  it.each(WIDTHS)('at %i px shows its action buttons wholly on screen, tappable, with the links the text part gives', async (width) => {
    const { html, text } = await emails.render(key, language);
    const page = await browser.open(html, { media: 'screen', width });
    try {
      await page.screenshot({ path: join(SHOTS, `email-${key}-${language}-${width}.png`), fullPage: true });
      const buttons: Button[] = await page.evaluate(() =>
        // Every action link of the built-in emails is a button.
        Array.from(document.querySelectorAll('a[href*="/a/"]')).map((a) => {
          a.scrollIntoView({ block: 'center' });
          const box = a.getBoundingClientRect();
          const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
          return { href: a.getAttribute('href') ?? '', left: box.left, right: box.right, width: box.width, height: box.height, reachable: hit !== null && a.contains(hit) };
        }),
      );
      for (const purpose of key === 'invoice' ? ['pay', 'ask'] : ['ask']) {
        const ofPurpose = buttons.filter((button) => button.href.includes(`/a/${purpose}/`));
        expect({ purpose, count: ofPurpose.length > 0 }).toEqual({ purpose, count: true });
        for (const button of ofPurpose) {
          expect(button.href).toMatch(LINK);
          expect(text).toContain(button.href);
          expect({ purpose, onScreen: button.left >= 0 && button.right <= width, reachable: button.reachable }).toEqual({ purpose, onScreen: true, reachable: true });
          expect(button.height).toBeGreaterThanOrEqual(MIN_TAP_PX);
          expect(button.width).toBeGreaterThanOrEqual(MIN_TAP_PX);
        }
      }
    } finally {
      await page.close();
    }
  }, 120_000);
});
