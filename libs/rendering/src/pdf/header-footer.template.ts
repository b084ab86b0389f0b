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

export function footerTemplate(footer: PdfRenderOptions['footer'], context: TemplateContext): string {
  // Escape the words, then put Chromium's number slots where the placeholders were.
  const text = escapeHtml(footer ?? DEFAULT_FOOTER)
    .replace('{page}', '<span class="pageNumber"></span>')
    .replace('{pages}', '<span class="totalPages"></span>');
  return `<div lang="${escapeHtml(context.lang)}" dir="${context.dir}" style="${boxStyle(context.lang)} text-align: center;">${text}</div>`;
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
