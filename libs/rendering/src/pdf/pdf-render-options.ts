import { FOOTER_PLACEHOLDERS } from './header-footer.template';
import { DomainError, type FieldError } from '@app/kernel';
import { DEFAULT_PAPER_FORMAT, PAPER_FORMATS, type PaperFormat, type PdfRenderOptions } from './pdf-engine';

export const DEFAULT_RENDER_TIMEOUT_MS = 20_000;
/** Longer than any honest invoice needs; a render holding a page this long starves the others. */
export const MAX_RENDER_TIMEOUT_MS = 120_000;
/** About 5 MB of markup: far above a long invoice with inlined images, far below what hurts Chromium. */
export const MAX_HTML_CHARS = 5_000_000;
export const MAX_HEADER_TEXT_CHARS = 200;
export const MAX_FOOTER_CHARS = 80;

export interface ResolvedPdfRenderOptions extends PdfRenderOptions {
  format: PaperFormat;
  landscape: boolean;
  timeoutMs: number;
}

/** Checks what the caller passed before any browser work starts. */
export function resolveRenderOptions(html: string, options: PdfRenderOptions, defaultTimeoutMs: number): ResolvedPdfRenderOptions {
  if (typeof html !== 'string' || html.trim() === '') {
    throw new DomainError('template_invalid', 'The document has no HTML to print');
  }
  if (html.length > MAX_HTML_CHARS) {
    throw new DomainError('limit_exceeded', `The document's HTML is longer than ${MAX_HTML_CHARS} characters`, [], {
      limit: MAX_HTML_CHARS,
      actual: html.length,
    });
  }
  const errors: FieldError[] = [];
  const format = options.format ?? DEFAULT_PAPER_FORMAT;
  if (!PAPER_FORMATS.includes(format)) errors.push({ pointer: '/format', message: `must be one of ${PAPER_FORMATS.join(', ')}` });
  if (typeof options.title !== 'string' || options.title.trim() === '') errors.push({ pointer: '/title', message: 'is required' });
  if (!isLanguageTag(options.lang)) errors.push({ pointer: '/lang', message: 'must be a BCP 47 language tag' });
  if (options.dir !== 'ltr' && options.dir !== 'rtl') errors.push({ pointer: '/dir', message: "must be 'ltr' or 'rtl'" });
  for (const side of ['left', 'right'] as const) {
    const text = options.header?.[side];
    if (text !== undefined && (typeof text !== 'string' || text.length > MAX_HEADER_TEXT_CHARS)) {
      errors.push({ pointer: `/header/${side}`, message: `must be text of at most ${MAX_HEADER_TEXT_CHARS} characters` });
    }
  }
  const footer = options.footer;
  if (footer !== undefined) {
    if (typeof footer !== 'string' || footer.length > MAX_FOOTER_CHARS) {
      errors.push({ pointer: '/footer', message: `must be text of at most ${MAX_FOOTER_CHARS} characters` });
    } else if (!FOOTER_PLACEHOLDERS.every((placeholder) => footer.split(placeholder).length === 2)) {
      errors.push({ pointer: '/footer', message: 'must contain {page} and {pages} once each' });
    }
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > MAX_RENDER_TIMEOUT_MS) {
    errors.push({ pointer: '/timeoutMs', message: `must be between 1 and ${MAX_RENDER_TIMEOUT_MS} ms` });
  }
  if (errors.length > 0) throw new DomainError('validation_failed', 'Invalid PDF render options', errors);
  return { ...options, format, landscape: options.landscape ?? false, timeoutMs };
}

function isLanguageTag(value: unknown): value is string {
  if (typeof value !== 'string' || value === '') return false;
  try {
    Intl.getCanonicalLocales(value);
    return true;
  } catch {
    return false;
  }
}
