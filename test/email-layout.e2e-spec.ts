import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer';
import { resolveChromiumExecutable } from '../libs/rendering/src';
import { BuiltInEmails, EMAIL_LANGUAGES, type EmailLanguage } from './support/built-in-emails';
import { GlyphBrowser } from './support/glyph-probe';

/**
 * The built-in emails laid out by a real browser at the widths phones and desktop
 * clients give them: nothing wider than the screen, table headers on one line, and a
 * long invoice no longer than a short one by much. Screenshots of every template,
 * language and width are left in the temporary folder for a person to look at.
 */
const WIDTHS = [320, 375, 600] as const;
/** 220 lines made a 13,000-pixel email before the line budget. */
const LONG_INVOICE_LINES = 220;
/** Ten lines and a summary row over the sample's handful of lines. */
const LONG_INVOICE_EXTRA_HEIGHT_PX = 900;

let browser: GlyphBrowser;
let emails: BuiltInEmails;
let shots: string;

beforeAll(async () => {
  const executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || undefined);
  shots = join(tmpdir(), 'ccm-email-shots');
  await mkdir(shots, { recursive: true });
  [browser, emails] = await Promise.all([GlyphBrowser.launch(executablePath), BuiltInEmails.load()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (shots) console.log(`Email screenshots: ${shots}`);
});

async function open<T>(html: string, width: number, inspect: (page: Page) => Promise<T>): Promise<T> {
  const page = await browser.open(html, { media: 'screen', width });
  try {
    return await inspect(page);
  } finally {
    await page.close();
  }
}

/** What a reader would notice: a sideways scroll, a header torn over two lines, the page's height. */
interface Layout {
  readonly scrollWidth: number;
  readonly height: number;
  /** Column headers on more than one line, row headers with a word broken over two. */
  readonly wrappedHeaders: string[];
}

function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    /** Lines a range of text is laid out on. */
    const linesOf = (range: Range) => new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.bottom))).size;
    const whole = (node: Node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return range;
    };
    // A column header stays on one line; a row header may wrap between words (en, ar), never inside
    // one, and a Chinese label has no spaces, so it is one word.
    const columnHeaders = Array.from(document.querySelectorAll('th:not([scope="row"])')).filter((th) => linesOf(whole(th)) > 1);
    const rowHeaders = Array.from(document.querySelectorAll('th[scope="row"]')).filter((th) => {
      const walker = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const word of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          if (linesOf(range) > 1) return true;
        }
      }
      return false;
    });
    const wrappedHeaders = [...columnHeaders, ...rowHeaders].map((th) => th.textContent ?? '');
    return { scrollWidth: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, wrappedHeaders };
  });
}

function longInvoice(emailsOf: BuiltInEmails, language: EmailLanguage): Record<string, unknown> {
  const data = structuredClone(emailsOf.sample('invoice', language).data) as { invoice: Record<string, unknown> };
  const lines = Array.from({ length: LONG_INVOICE_LINES }, (_, index) => ({
    description: `International calls — number ${index + 1} of the month, billed per minute`,
    quantity: '12',
    unitPrice: '0.80',
    amount: '9.60',
  }));
  // The template reads the lines only; amounts need not reconcile for layout.
  return { ...data, invoice: { ...data.invoice, lines } };
}

describe.each(EMAIL_LANGUAGES)('built-in emails in %s', (language) => {
  it.each(WIDTHS)('fit %i px without sideways scrolling, column headers on one line and no header word broken', async (width) => {
    for (const key of emails.keys) {
      const { html } = await emails.render(key, language);
      const layout = await open(html, width, async (page) => {
        await page.screenshot({ path: join(shots, `${key}-${language}-${width}.png`), fullPage: true });
        return measure(page);
      });
      expect({ key, width, overflow: layout.scrollWidth > width, wrappedHeaders: layout.wrappedHeaders }).toEqual({ key, width, overflow: false, wrappedHeaders: [] });
    }
  }, 120_000);

  it('keeps a 220-line invoice email about as tall as the sample invoice', async () => {
    const short = await emails.render('invoice', language);
    const long = await emails.render('invoice', language, longInvoice(emails, language));
    for (const width of [375, 600]) {
      const [shortLayout, longLayout] = [
        await open(short.html, width, measure),
        await open(long.html, width, async (page) => {
          await page.screenshot({ path: join(shots, `invoice-${LONG_INVOICE_LINES}-lines-${language}-${width}.png`), fullPage: true });
          return measure(page);
        }),
      ];
      expect({ width, overflow: longLayout.scrollWidth > width, wrappedHeaders: longLayout.wrappedHeaders }).toEqual({ width, overflow: false, wrappedHeaders: [] });
      expect(longLayout.height).toBeLessThan(shortLayout.height + LONG_INVOICE_EXTRA_HEIGHT_PX);
    }
  }, 120_000);

  it('fits 320 px with five-digit amounts in a three-decimal currency', async () => {
    const data = structuredClone(emails.sample('invoice', language).data) as { invoice: Record<string, unknown> };
    const amount = '12345.678';
    const lines = [{ description: 'Installation and router replacement', quantity: '1', unitPrice: amount, amount }];
    Object.assign(data.invoice, { currency: 'KWD', lines, subtotal: amount, tax: '0.000', total: amount, amountDue: amount });
    const { html } = await emails.render('invoice', language, data);
    const layout = await open(html, 320, async (page) => {
      await page.screenshot({ path: join(shots, `invoice-kwd-${language}-320.png`), fullPage: true });
      return measure(page);
    });
    expect({ overflow: layout.scrollWidth > 320, wrappedHeaders: layout.wrappedHeaders }).toEqual({ overflow: false, wrappedHeaders: [] });
  }, 120_000);

  it('keeps its layout at 320 px in a client that drops every <style> rule, as Gmail does with selectors it does not support', async () => {
    const long = await emails.render('invoice', language, longInvoice(emails, language));
    const unstyled = long.html.replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '');
    expect(unstyled).not.toMatch(/<style/i);
    const layout = await open(unstyled, 320, async (page) => {
      // Such a client shows the message inside its own page: the <body> and its default margin are gone.
      await page.evaluate(() => void (document.body.style.margin = '0'));
      await page.screenshot({ path: join(shots, `invoice-${LONG_INVOICE_LINES}-lines-${language}-320-unstyled.png`), fullPage: true });
      return measure(page);
    });
    expect({ overflow: layout.scrollWidth > 320, wrappedHeaders: layout.wrappedHeaders }).toEqual({ overflow: false, wrappedHeaders: [] });
  }, 120_000);
});
