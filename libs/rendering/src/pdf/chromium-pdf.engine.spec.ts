import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { DomainError } from '@app/kernel';
import { ChromiumPdfEngine } from './chromium-pdf.engine';
import { resolveChromiumExecutable } from './chromium-executable';
import type { PdfRenderOptions } from './pdf-engine';
import { ARABIC_INVOICE, CHINESE_INVOICE, ENGLISH_INVOICE, longTableHtml } from '../../../../test/support/pdf/fixtures';
import { pdfFonts, pdfInfo, pdfText } from '../../../../test/support/pdf/poppler';

const ENGLISH: PdfRenderOptions = { title: 'Invoice INV-2041', lang: 'en-GB', dir: 'ltr' };
const ARABIC: PdfRenderOptions = {
  title: 'فاتورة رقم ٢٠٤١',
  lang: 'ar-SA',
  dir: 'rtl',
  footer: 'صفحة {page} من {pages}',
  header: { right: 'شركة النور' },
};
const CHINESE: PdfRenderOptions = { title: '发票 INV-2041', lang: 'zh-CN', dir: 'ltr', footer: '第 {page} 页，共 {pages} 页' };

async function catalogLang(bytes: Uint8Array): Promise<string | undefined> {
  const document = await PDFDocument.load(bytes);
  const lang = document.catalog.lookup(PDFName.of('Lang'));
  return lang instanceof PDFString ? lang.decodeText() : lang?.toString();
}

describe('ChromiumPdfEngine', () => {
  let engine: ChromiumPdfEngine;

  beforeAll(async () => {
    engine = new ChromiumPdfEngine({ executablePath: await resolveChromiumExecutable(), maxConcurrentPages: 3 });
  });

  afterAll(() => engine.close());

  describe('an English invoice', () => {
    let bytes: Buffer;
    let pages: number;

    beforeAll(async () => {
      ({ bytes, pages } = await engine.render(ENGLISH_INVOICE, { ...ENGLISH, header: { left: 'ACME Telecom', right: 'INV-2041' } }));
    });

    it('is an accessible, titled A4 document in the right language', async () => {
      const info = await pdfInfo(bytes);
      expect(info.Tagged).toBe('yes');
      expect(info.Title).toBe('Invoice INV-2041');
      expect(info['Page size']).toBe('595.28 x 841.89 pts (A4)');
      expect(info.Producer).toContain('CCM Composer');
      expect(info.Creator).not.toContain('HeadlessChrome');
      expect(pages).toBe(Number(info.Pages));
      expect(await catalogLang(bytes)).toBe('en-GB');
    });

    it('embeds every font it uses', async () => {
      const fonts = await pdfFonts(bytes);
      expect(fonts.length).toBeGreaterThan(0);
      expect(fonts.filter((font) => !font.embedded)).toEqual([]);
    });

    it('prints the content, the header and a "Page X of Y" footer', async () => {
      const text = await pdfText(bytes);
      expect(text).toContain('Invoice INV-2041');
      expect(text).toContain('Router rental');
      expect(text).toContain('Total due: 60.00 EUR');
      expect(text).toContain('ACME Telecom');
      expect(text).toContain('Page 1 of 1');
    });
  });

  it('prints an Arabic invoice right to left with embedded fonts and localized footer', async () => {
    const { bytes } = await engine.render(ARABIC_INVOICE, ARABIC);
    const [info, fonts, text] = await Promise.all([pdfInfo(bytes), pdfFonts(bytes), pdfText(bytes)]);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('فاتورة رقم ٢٠٤١');
    expect(fonts.filter((font) => !font.embedded)).toEqual([]);
    expect(text).toContain('استئجار جهاز التوجيه');
    expect(text).toContain('شركة النور');
    // The footer counts in the Arabic-Indic digits the body's amounts and dates use.
    expect(text).toMatch(/صفحة\s*١\s*من\s*١/);
    expect(await catalogLang(bytes)).toBe('ar-SA');
  });

  it('prints a Chinese invoice with embedded CJK glyphs', async () => {
    const { bytes } = await engine.render(CHINESE_INVOICE, CHINESE);
    const [info, fonts, text] = await Promise.all([pdfInfo(bytes), pdfFonts(bytes), pdfText(bytes)]);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe('发票 INV-2041');
    expect(fonts.filter((font) => !font.embedded)).toEqual([]);
    expect(text).toContain('路由器租赁');
    expect(text).toContain('应付总额');
    expect(await catalogLang(bytes)).toBe('zh-CN');
  });

  it('repeats the table header on every page of a long table', async () => {
    const { bytes, pages } = await engine.render(longTableHtml(300), { title: 'Statement', lang: 'en', dir: 'ltr' });
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page += 1) {
      const text = await pdfText(bytes, page);
      expect(text).toContain('Description column');
      expect(text).toContain(`Page ${page} of ${pages}`);
    }
    // No row is cut in two: every row's cells land on the same page.
    const perPage = await Promise.all(Array.from({ length: pages }, (_, i) => pdfText(bytes, i + 1)));
    for (const row of [1, 150, 300]) {
      const holding = perPage.filter((text) => text.includes(`Service line ${row}\n`) || text.includes(`Service line ${row} `));
      expect(holding).toHaveLength(1);
      expect(holding[0]).toContain(`Row ${row}`);
    }
    expect(perPage[pages - 1]).toContain('Total 45150.00');
  });

  it('fills in title and language the HTML lacks, and honours paper options', async () => {
    const { bytes } = await engine.render('<p>Bare document</p>', {
      title: 'Service update',
      lang: 'fr-FR',
      dir: 'ltr',
      format: 'Letter',
      landscape: true,
    });
    const info = await pdfInfo(bytes);
    expect(info.Title).toBe('Service update');
    expect(info['Page size']).toBe('792 x 612 pts (letter)');
    expect(await catalogLang(bytes)).toBe('fr-FR');
  });

  it('prints header text as text, never as markup', async () => {
    const { bytes } = await engine.render('<p>Body</p>', { ...ENGLISH, header: { left: '<b>Ünal & Sons</b> <img src=x>' } });
    expect(await pdfText(bytes)).toContain('<b>Ünal & Sons</b> <img src=x>');
  });

  it('prints eight documents in parallel on a bounded pool, each with its own content', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        engine.render(`<html><head><title>Doc ${i}</title></head><body><h1>Customer number ${1000 + i}</h1></body></html>`, {
          ...ENGLISH,
          title: `Doc ${i}`,
        }),
      ),
    );
    const texts = await Promise.all(results.map((result) => pdfText(result.bytes)));
    texts.forEach((text, i) => {
      expect(text).toContain(`Customer number ${1000 + i}`);
      expect(texts.filter((other) => other.includes(`Customer number ${1000 + i}`))).toHaveLength(1);
    });
    expect(new Set(results.map((result) => result.bytes.toString('base64'))).size).toBe(8);
  });

  it('finishes a document with an endless CSS animation', async () => {
    const html = `<style>@keyframes spin { to { transform: rotate(360deg); } } .s { animation: spin 1s linear infinite; }</style>
      <div class="s">Spinning</div><p>Still printed</p>`;
    const { bytes } = await engine.render(html, ENGLISH);
    expect(await pdfText(bytes)).toContain('Still printed');
  });

  it('gives up on a huge document at its deadline, then keeps serving', async () => {
    const huge = `<table>${'<tr><td>cell</td><td>cell</td><td>cell</td></tr>'.repeat(80_000)}</table>`;
    const failure = await engine.render(huge, { ...ENGLISH, timeoutMs: 1_500 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe('unavailable');
    // Given up because its own deadline passed, not for a browser error; no wall-clock bound, which a busy machine breaks.
    expect((failure as DomainError).details).toEqual({ reason: 'timeout', timeoutMs: 1_500 });
    const { bytes } = await engine.render('<p>Next customer</p>', ENGLISH);
    expect(await pdfText(bytes)).toContain('Next customer');
  });

  it('rejects empty HTML and invalid options before touching the browser', async () => {
    await expect(engine.render('  ', ENGLISH)).rejects.toMatchObject({ code: 'template_invalid' });
    await expect(engine.render('<p>x</p>', { ...ENGLISH, lang: 'not a tag!' })).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '/lang', message: expect.any(String) }],
    });
  });
});
