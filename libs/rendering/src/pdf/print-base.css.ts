/**
 * Fonts that cover Latin, Arabic and CJK with the Debian packages `fonts-noto-core`,
 * `fonts-wqy-zenhei` and `fonts-noto-cjk`. Without them Chinese prints as empty boxes and
 * Arabic falls back to a font that does not join letters well.
 *
 * Simplified Chinese is drawn with WenQuanYi Zen Hei, a TrueType font Chromium embeds as
 * one subset CID font (CIDFontType2) with a ToUnicode map. Noto Sans CJK is CFF-based, and
 * Chromium can only embed it as dozens of unnamed Type 3 fonts: three times the bytes, no
 * hinting in print, and text that search and screen readers handle poorly. Noto CJK stays
 * behind it for the characters Zen Hei lacks.
 */
export const PDF_FONT_STACK = "'Noto Sans', 'Noto Sans Arabic', 'WenQuanYi Zen Hei', 'Noto Sans CJK SC', sans-serif";

/**
 * The same stack with the CJK face that matches the document's language: Han characters
 * shared by Chinese, Japanese and Korean are drawn differently in each, and a Japanese
 * reader notices Simplified Chinese glyph shapes. Zen Hei draws Simplified shapes, so it
 * only leads for Simplified Chinese (and text of no CJK language).
 */
export function pdfFontStackFor(lang: string): string {
  const cjk = cjkFaceFor(lang);
  return cjk === 'SC' ? PDF_FONT_STACK : PDF_FONT_STACK.replace("'WenQuanYi Zen Hei'", `'Noto Sans CJK ${cjk}', 'WenQuanYi Zen Hei'`);
}

function cjkFaceFor(lang: string): 'SC' | 'TC' | 'HK' | 'JP' | 'KR' {
  let locale: Intl.Locale;
  try {
    locale = new Intl.Locale(lang).maximize();
  } catch {
    return 'SC';
  }
  if (locale.language === 'ja') return 'JP';
  if (locale.language === 'ko') return 'KR';
  if (locale.language === 'zh') {
    if (locale.region === 'HK' || locale.region === 'MO') return 'HK';
    if (locale.script === 'Hant') return 'TC';
  }
  return 'SC';
}

/**
 * Print rules templates inline into their `<style>` so long invoices break well: table
 * headers repeat on every page, a row never splits across pages, and the totals block
 * never ends up alone at the top of a page or cut in two.
 */
export const PRINT_BASE_CSS = `
html { font-family: ${PDF_FONT_STACK}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr, th, td { break-inside: avoid; }
h1, h2, h3, h4 { break-after: avoid; }
p { orphans: 3; widows: 3; }
img, svg { max-width: 100%; }
.totals { break-inside: avoid; break-before: avoid; }
.no-break { break-inside: avoid; }
.page-break { break-before: page; }
`;
