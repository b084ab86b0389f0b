import type { Direction } from '@app/contracts';
import type { PdfRenderOptions } from './pdf-engine';
import { pdfFontStackFor } from './print-base.css';

export const DEFAULT_FOOTER = 'Page {page} of {pages}';
export const FOOTER_PLACEHOLDERS = ['{page}', '{pages}'] as const;

/**
 * Page margins leave room for the header and footer Chromium draws inside them. The
 * templates are padded by the same side margin so their text lines up with the body.
 */
export const PAGE_MARGIN = { top: '22mm', bottom: '20mm', left: '15mm', right: '15mm' } as const;

/** Chromium renders template text at a tiny default size, so every template sets its own. */
const TEMPLATE_FONT_SIZE = '8pt';

interface TemplateContext {
  lang: string;
  dir: Direction;
}

/**
 * An empty header template would make Chromium print its default header (date and
 * title), so a document without a header still gets an explicit empty element.
 */
export function headerTemplate(header: PdfRenderOptions['header'], context: TemplateContext): string {
  const left = header?.left ?? '';
  const right = header?.right ?? '';
  if (!left && !right) return '<span></span>';
  // Physical sides: the row itself stays left-to-right and each cell carries the
  // document's direction so its own words are ordered and shaped correctly.
  return `<div lang="${escapeHtml(context.lang)}" style="${boxStyle(context.lang)} display: flex; justify-content: space-between; direction: ltr;">`
    + `<span dir="${context.dir}">${escapeHtml(left)}</span>`
    + `<span dir="${context.dir}">${escapeHtml(right)}</span>`
    + '</div>';
}

/**
 * The footer is a CSS page-margin box, not Chromium's footer template: Chromium writes
 * the numbers of its template's `pageNumber`/`totalPages` slots in Latin digits whatever
 * the language, while a CSS counter takes the locale's own digits (Arabic-Indic for
 * ar-SA, like every amount and date in the body).
 */
export function footerCss(footer: PdfRenderOptions['footer'], context: TemplateContext): string {
  const digits = counterStyleFor(context.lang);
  const content = (footer ?? DEFAULT_FOOTER)
    .split(/(\{pages?\})/)
    .filter((part) => part !== '')
    .map((part) => (part === '{page}' || part === '{pages}' ? `counter(${part.slice(1, -1)}, ${digits})` : cssString(part)))
    .join(' ');
  return `@page { @bottom-center { content: ${content}; ${footerBoxStyle(context)} } }`;
}

function footerBoxStyle(context: TemplateContext): string {
  return `direction: ${context.dir}; font-family: ${pdfFontStackFor(context.lang)}; font-size: ${TEMPLATE_FONT_SIZE}; color: #444;`;
}

/**
 * The footer of one document printed among others (see print-group.ts). Chromium's
 * `page` and `pages` counters run across the whole print, and it honours no counter
 * reset per document (neither on the element nor on a named page), so each document's
 * pages get their own named page whose counter style shows the page counter minus the
 * pages before it: a `fixed` counter style whose first symbol stands for the document's
 * first page. Its page count is known from the first pass and written as text. The
 * digits are the locale's, as `counter(page, arabic-indic)` would draw them.
 */
export function groupFooterCss(
  footer: PdfRenderOptions['footer'],
  context: TemplateContext,
  part: { pageName: string; first: number; count: number },
): string {
  const digits = localeDigits(context.lang);
  const style = `${part.pageName}-page`;
  const symbols = Array.from({ length: part.count }, (_, i) => cssString(digits(i + 1))).join(' ');
  const content = (footer ?? DEFAULT_FOOTER)
    .split(/(\{pages?\})/)
    .filter((piece) => piece !== '')
    .map((piece) => (piece === '{page}' ? `counter(page, ${style})` : piece === '{pages}' ? cssString(digits(part.count)) : cssString(piece)))
    .join(' ');
  return `@counter-style ${style} { system: fixed ${part.first + 1}; symbols: ${symbols}; }\n`
    + `@page ${part.pageName} { @bottom-center { content: ${content}; ${footerBoxStyle(context)} } }`;
}

/** Formats whole numbers in the digits `counterStyleFor` picks for the language. */
function localeDigits(lang: string): (n: number) => string {
  const style = counterStyleFor(lang);
  const system = Object.entries(COUNTER_STYLES).find(([, name]) => name === style)?.[0] ?? 'latn';
  const format = new Intl.NumberFormat('en', { numberingSystem: system, useGrouping: false });
  return (n) => format.format(n);
}

/** CSS counter styles for the digits Intl uses in each numbering system. */
const COUNTER_STYLES: Readonly<Record<string, string>> = {
  arab: 'arabic-indic',
  arabext: 'persian',
  beng: 'bengali',
  deva: 'devanagari',
  gujr: 'gujarati',
  guru: 'gurmukhi',
  hanidec: 'cjk-decimal',
  khmr: 'khmer',
  knda: 'kannada',
  laoo: 'lao',
  mlym: 'malayalam',
  mymr: 'myanmar',
  orya: 'oriya',
  tamldec: 'tamil',
  telu: 'telugu',
  thai: 'thai',
  tibt: 'tibetan',
};

/** The digits the body's numbers are formatted with for this language tag. */
export function counterStyleFor(lang: string): string {
  let numberingSystem: string;
  try {
    numberingSystem = new Intl.NumberFormat(lang).resolvedOptions().numberingSystem;
  } catch {
    return 'decimal';
  }
  return COUNTER_STYLES[numberingSystem] ?? 'decimal';
}

/** Footer words come from a catalog: a CSS string escapes every character that could end it. */
function cssString(text: string): string {
  return `"${text.replace(/["\\\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

function boxStyle(lang: string): string {
  return `width: 100%; box-sizing: border-box; padding: 0 ${PAGE_MARGIN.right} 0 ${PAGE_MARGIN.left}; font-family: ${pdfFontStackFor(lang)}; font-size: ${TEMPLATE_FONT_SIZE}; color: #444;`;
}

/** Header text may carry customer data; it is text, never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
