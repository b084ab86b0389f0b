import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChromiumPdfEngine, pdfFontStackFor, resolveChromiumExecutable } from '../libs/rendering/src';
import { pdfFonts, pdfText, pdfToPng } from './support/pdf/poppler';
import { BuiltInRenditions, type PdfRendition } from './support/built-in-renditions';
import { LOCALE_TAGS, type Language } from './support/fixtures';
import { FontCoverage } from './support/font-coverage';
import { latinOnlyFontconfig } from './support/latin-only-fontconfig';
import { codePointOf, describeMissing, GlyphBrowser, inspectGlyphs, type GlyphReport } from './support/glyph-probe';
import { findNotdefGlyphs } from './support/pdf-notdef';

/**
 * Every built-in template in every language, as email and as PDF, must draw every
 * character with a font that has it: no empty boxes ("tofu"). Three independent views:
 * the fonts Chromium reports per text node against their real character maps (email
 * and PDF HTML), glyph 0 in the PDF's own text operators, and PNG pictures for a person.
 */

const TEMPLATES = ['invoice', 'payment-confirmation', 'service-update'] as const;
const LANGUAGES: readonly Language[] = ['en', 'ar', 'zh'];
/** A render that checked none of its language's letters checked the wrong thing. */
const SCRIPT_OF: Record<Language, RegExp> = { en: /\p{Script=Latin}/u, ar: /\p{Script=Arabic}/u, zh: /\p{Script=Han}/u };
/**
 * The Debian face each language must be drawn with (PostScript names): without it Arabic
 * falls back to a font that joins letters poorly, and Chinese drawn with the Japanese CJK
 * face gets Japanese glyph shapes. PDFs draw Chinese with WenQuanYi Zen Hei, which
 * Chromium embeds as one CID font instead of Noto CJK's dozens of Type 3 fonts.
 */
const EMAIL_FONT_OF: Record<Language, RegExp> = { en: /^NotoSans-/, ar: /^NotoSansArabic-/, zh: /^NotoSansCJKsc-/ };
const PDF_FONT_OF: Record<Language, RegExp> = { ...EMAIL_FONT_OF, zh: /^WenQuanYiZenHei/ };

/** Wider than the 600 px email body, as a desktop mail client shows it. */
const EMAIL_VIEWPORT_PX = 680;
/** A4 at 96 CSS px per inch, the width Chromium lays the printed page out at. */
const A4_VIEWPORT_PX = 794;
const PDF_PICTURE_DPI = 110;

/** Characters no installed font has: private use, unassigned, and Kawi (Unicode 15, no Debian font). */
const NO_FONT_HAS = ['\u{E000}', '\u{0378}', '\u{11F04}', '\u{11F12}', '\u{11F13}'];

let executablePath: string;
let engine: ChromiumPdfEngine;
let browser: GlyphBrowser;
let coverage: FontCoverage;
let renditions: BuiltInRenditions;
let pictures: string;

beforeAll(async () => {
  executablePath = await resolveChromiumExecutable(process.env.CHROMIUM_PATH || process.env.PUPPETEER_EXECUTABLE_PATH || undefined);
  engine = new ChromiumPdfEngine({ executablePath });
  [browser, coverage, renditions, pictures] = await Promise.all([
    GlyphBrowser.launch(executablePath),
    FontCoverage.load(),
    BuiltInRenditions.load(engine),
    mkdtemp(join(tmpdir(), 'ccm-glyphs-')),
  ]);
});

afterAll(async () => {
  await Promise.all([browser?.close(), engine?.close()]);
  if (pictures) console.log(`Glyph check pictures (email screenshots, PDF pages and files): ${pictures}`);
});

async function inspectEmail(html: string, picture: string, on: GlyphBrowser = browser): Promise<GlyphReport> {
  const page = await on.open(html, { media: 'screen', width: EMAIL_VIEWPORT_PX, deviceScaleFactor: 2 });
  try {
    await page.screenshot({ path: join(pictures, `${picture}.png`), fullPage: true });
    return await inspectGlyphs(page, coverage);
  } finally {
    await page.close();
  }
}

/** The PDF's HTML as the engine printed it: print media, A4 width, the engine's font defaults. */
async function inspectPdfHtml(pdf: Pick<PdfRendition, 'html' | 'options'>, on: GlyphBrowser = browser): Promise<GlyphReport> {
  const { lang, dir } = pdf.options;
  const page = await on.open(pdf.html, { media: 'print', width: A4_VIEWPORT_PX, defaults: { lang, dir, fontStack: pdfFontStackFor(lang) } });
  try {
    return await inspectGlyphs(page, coverage);
  } finally {
    await page.close();
  }
}

function failure(label: string, problems: string[]): string {
  return `${label}:\n  ${problems.join('\n  ').replace(/\n(?! {2})/g, '\n    ')}\n(pictures: ${pictures})`;
}

function glyphProblems(report: GlyphReport, language: Language, fontOf: Record<Language, RegExp>): string[] {
  const problems: string[] = [];
  if (report.missing.length) problems.push(`${report.missing.length} character(s) drawn without a glyph:\n${describeMissing(report.missing)}`);
  if (report.unverifiableFonts.length) problems.push(`web fonts whose coverage cannot be checked: ${report.unverifiableFonts.join(', ')}`);
  if (![...report.checked].some((char) => SCRIPT_OF[language].test(char))) problems.push(`no ${language} text was found to check`);
  const fonts = [...report.fontsUsed.keys()];
  if (!fonts.some((font) => fontOf[language].test(font))) problems.push(`no ${fontOf[language].source} font used; fonts: ${fonts.join(', ')}`);
  return problems;
}

/** NFKC folds Arabic presentation forms (lam-alef ligatures) back to the letters they draw. */
function lettersOf(text: string): Set<string> {
  return new Set([...text.normalize('NFKC')].filter((char) => /[\p{L}\p{N}]/u.test(char)));
}

describe.each(TEMPLATES)('%s', (key) => {
  describe.each(LANGUAGES)('%s', (language) => {
    const tag = LOCALE_TAGS[language];
    const name = `${key}-${language}`;

    it(`email (${tag}) draws every character`, async () => {
      const context = await renditions.context(key, renditions.sampleFor(key, language), tag);
      const email = await renditions.renderEmail(key, context);
      const report = await inspectEmail(email.html, `${name}-email`);
      const problems = glyphProblems(report, language, EMAIL_FONT_OF);
      if (problems.length) throw new Error(failure(`${key}/${tag}/email`, problems));
    });

    it(`pdf (${tag}) draws every character, embeds its fonts and keeps its text`, async () => {
      const context = await renditions.context(key, renditions.sampleFor(key, language), tag);
      const pdf = await renditions.renderPdf(key, context);
      const [report, notdef, fonts, text] = await Promise.all([
        inspectPdfHtml(pdf),
        findNotdefGlyphs(pdf.bytes),
        pdfFonts(pdf.bytes),
        pdfText(pdf.bytes),
        pdfToPng(pdf.bytes, join(pictures, `${name}-pdf`), PDF_PICTURE_DPI),
        writeFile(join(pictures, `${name}.pdf`), pdf.bytes),
      ]);
      const problems = glyphProblems(report, language, PDF_FONT_OF);
      for (const use of notdef.notdef) {
        problems.push(`page ${use.page} draws .notdef ${use.count}× with ${use.font}${use.intended.length ? ` for "${use.intended.join('", "')}"` : ''}`);
      }
      if (notdef.unreadableFonts.length) problems.push(`text drawn with fonts the .notdef scan cannot read: ${notdef.unreadableFonts.join(', ')}`);
      const unembedded = fonts.filter((font) => !font.embedded).map((font) => font.name);
      if (unembedded.length) problems.push(`fonts not embedded: ${unembedded.join(', ')}`);
      // Type 3 glyphs are unnamed pictures: no hinting in print, poor search and screen reading.
      const type3 = fonts.filter((font) => font.type === 'Type 3').length;
      if (type3) problems.push(`${type3} Type 3 font(s); every font should be embedded as a real subset font`);
      // Every letter and digit laid out must come back out of the PDF as text.
      const extracted = lettersOf(text);
      const lost = [...lettersOf([...report.checked].join(''))].filter((char) => !extracted.has(char));
      if (lost.length) problems.push(`characters laid out but absent from the PDF's text: ${lost.map((c) => `${codePointOf(c)} "${c}"`).join(', ')}`);
      if (problems.length) throw new Error(failure(`${key}/${tag}/pdf`, problems));
    });
  });
});

describe('the glyph check', () => {
  it('names exactly the characters no installed font has, and none that render, in HTML and in the PDF', async () => {
    // Two primary fonts because Chromium embeds them differently in a PDF: Noto Sans as
    // a Type0 font, the CFF-based Noto CJK collection as Type3 fonts.
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head>
      <body style="font-family: 'Noto Sans', sans-serif">
        <p>Invoice INV-2026-000123 — total 297.16 SAR</p>
        <p lang="ar" dir="rtl">فاتورة رقم ٢٠٤١ المبلغ المستحق</p>
        <p lang="zh-CN">发票金额：人民币</p>
        <p>Reference ${NO_FONT_HAS.join(' ')}</p>
        <p lang="zh-CN" style="font-family: 'Noto Sans CJK SC'">参考 ${NO_FONT_HAS.join(' ')}</p>
      </body></html>`;
    const report = await inspectEmail(html, 'check-reference-tofu');
    expect(report.missing.map((m) => m.codePoint).sort()).toEqual(NO_FONT_HAS.map(codePointOf).sort());
    for (const char of ['I', '٢', 'ف', '发', '：']) expect(report.checked.has(char)).toBe(true);

    const pdf = await engine.render(html, { title: 'Reference', lang: 'en', dir: 'ltr' });
    const [scan] = await Promise.all([findNotdefGlyphs(pdf.bytes), pdfToPng(pdf.bytes, join(pictures, 'check-reference-tofu-pdf'), PDF_PICTURE_DPI)]);
    expect(scan.unreadableFonts).toEqual([]);
    const byFont = (pattern: RegExp) => scan.notdef.filter((use) => pattern.test(use.font)).reduce((sum, use) => sum + use.count, 0);
    expect(byFont(/^[A-Z]{6}\+NotoSans-Regular$/)).toBe(NO_FONT_HAS.length);
    expect(byFont(/NotoSansCJK/)).toBe(NO_FONT_HAS.length);
  });

  it('catches tofu merged into a built-in template, in the email and in the PDF bytes', async () => {
    const sample = renditions.sampleFor('invoice', 'zh');
    const tainted = { ...sample, recipient: { ...sample.recipient, name: `王小明 ${NO_FONT_HAS.join('')}` } };
    const context = await renditions.context('invoice', tainted, LOCALE_TAGS.zh);
    const email = await renditions.renderEmail('invoice', context);
    const pdf = await renditions.renderPdf('invoice', context);
    // The email first, on its own: a screenshot of a page while the same browser opens another
    // can wait for a frame that never comes; every other test here opens one page at a time.
    const emailReport = await inspectEmail(email.html, 'check-invoice-zh-tofu-email');
    const [pdfReport, notdef] = await Promise.all([
      inspectPdfHtml(pdf),
      findNotdefGlyphs(pdf.bytes),
      pdfToPng(pdf.bytes, join(pictures, 'check-invoice-zh-tofu-pdf'), PDF_PICTURE_DPI),
    ]);
    const expected = NO_FONT_HAS.map(codePointOf).sort();
    expect(emailReport.missing.map((m) => m.codePoint).sort()).toEqual(expected);
    expect(pdfReport.missing.map((m) => m.codePoint).sort()).toEqual(expected);
    expect(emailReport.missing.find((m) => m.char === '\u{11F12}')?.context).toContain('王小明');
    // One notdef per missing character wherever the name is printed; Kawi carries /ActualText.
    expect(notdef.notdef.length).toBeGreaterThan(0);
    expect(notdef.notdef.flatMap((use) => use.intended).join('')).toContain('\u{11F12}');
  });

  it('catches a host whose only font is Latin: Arabic and Chinese turn into boxes', async () => {
    const fontconfig = await latinOnlyFontconfig();
    const latinOnly = await GlyphBrowser.launch(executablePath, { FONTCONFIG_FILE: fontconfig.file });
    try {
      for (const language of ['ar', 'zh'] as const) {
        const context = await renditions.context('invoice', renditions.sampleFor('invoice', language), LOCALE_TAGS[language]);
        const email = await renditions.renderEmail('invoice', context);
        const report = await inspectEmail(email.html, `check-latin-only-invoice-${language}-email`, latinOnly);
        const missingScript = report.missing.filter((m) => SCRIPT_OF[language].test(m.char));
        expect(missingScript.length).toBeGreaterThan(5);
        // Latin text still has its glyphs; only the script without a font is reported.
        expect(report.missing.filter((m) => /[A-Za-z0-9]/.test(m.char))).toEqual([]);

        const pdf = await renditions.renderPdf('invoice', context);
        const page = await latinOnly.open(pdf.html, { media: 'print', width: A4_VIEWPORT_PX });
        try {
          const printed = await page.pdf({ format: 'A4', printBackground: true });
          const notdef = await findNotdefGlyphs(printed);
          expect(notdef.notdef.reduce((sum, use) => sum + use.count, 0)).toBeGreaterThan(5);
        } finally {
          await page.close();
        }
      }
    } finally {
      await latinOnly.close();
      await fontconfig.remove();
    }
  });
});
