import type { Page, PDFOptions } from 'puppeteer';
import { footerCss, headerTemplate, PAGE_MARGIN } from './header-footer.template';
import type { ResolvedPdfRenderOptions } from './pdf-render-options';
import { pdfFontStackFor } from './print-base.css';

/**
 * Loads the document into the page and prints it. The HTML goes in with
 * `setContent`, never as a `file:` navigation, so the document's origin is
 * `about:blank` and Chromium refuses it every local file on its own as well.
 */
export async function printPage(page: Page, html: string, options: ResolvedPdfRenderOptions, deadline: number): Promise<Uint8Array> {
  await loadDocument(page, html, options, deadline);
  return page.pdf({ ...printOptions(options), timeout: remaining(deadline) });
}

async function loadDocument(page: Page, html: string, options: ResolvedPdfRenderOptions, deadline: number): Promise<void> {
  await page.setContent(html, { waitUntil: 'load', timeout: remaining(deadline) });
  await page.evaluate(applyDocumentDefaults, {
    title: options.title,
    lang: options.lang,
    dir: options.dir,
    fontStack: pdfFontStackFor(options.lang),
    footerCss: footerCss(options.footer, options),
  });
}

/**
 * Prints several documents joined by `groupHtml` (print-group.ts) in two passes over one
 * load: an untagged pass without backgrounds, only to learn where each document's pages
 * start (the footer's "of Y" needs it), then the tagged print with each document's own
 * footer. The page-margin boxes that change between the passes take no room from the
 * body, so both passes lay the pages out alike.
 */
export async function printGroupPage(
  page: Page,
  html: string,
  options: ResolvedPdfRenderOptions,
  deadline: number,
  footersFor: (firstPass: Uint8Array) => Promise<string>,
): Promise<Uint8Array> {
  await loadDocument(page, html, options, deadline);
  // Hidden content keeps its boxes, so the pages break where they will in the tagged print,
  // but nothing is painted: the first pass costs the layout and little else (about half
  // of a full print). Only the part markers stay visible, for their link annotations.
  const hiding = await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body * { visibility: hidden !important; } [data-print-part-marker] { visibility: visible !important; }';
    (document.head ?? document.documentElement).append(style);
    return style.textContent;
  });
  const firstPass = await page.pdf({ ...printOptions(options), tagged: false, printBackground: false, timeout: remaining(deadline) });
  const css = await footersFor(firstPass);
  await page.evaluate(
    (footers: string, hidden: string) => {
      document.querySelectorAll('[data-print-part-marker]').forEach((marker) => marker.remove());
      document.querySelectorAll('style').forEach((style) => style.textContent === hidden && style.remove());
      const style = document.createElement('style');
      style.textContent = footers;
      (document.head ?? document.documentElement).append(style);
    },
    css,
    hiding,
  );
  return page.pdf({ ...printOptions(options), timeout: remaining(deadline) });
}

/**
 * How every platform PDF is printed: the template's paper, backgrounds, tagged. The
 * "Page X of Y" footer is part of the document's CSS (`footerCss`), so Chromium's own
 * footer template is an explicit empty element that keeps its default one away.
 */
export function printOptions(options: Pick<ResolvedPdfRenderOptions, 'format' | 'landscape' | 'header' | 'lang' | 'dir'>): PDFOptions {
  const context = { lang: options.lang, dir: options.dir };
  return {
    format: options.format,
    landscape: options.landscape,
    printBackground: true,
    // Screen readers need the structure tree; it costs time and bytes, which we accept.
    tagged: true,
    outline: false,
    displayHeaderFooter: true,
    headerTemplate: headerTemplate(options.header, context),
    footerTemplate: '<span></span>',
    margin: PAGE_MARGIN,
  };
}

/**
 * Runs inside the page (scripts are off for the document, not for us). The document's
 * own title, language and direction win; the platform's values fill the gaps so the
 * PDF is never untitled or unlabelled. The default font stack goes first with zero
 * specificity so any font the template chooses still applies; so does the footer, which
 * a template may restyle with its own `@bottom-center` rule.
 */
function applyDocumentDefaults(defaults: { title: string; lang: string; dir: string; fontStack: string; footerCss: string }): void {
  const root = document.documentElement;
  if (!document.title.trim()) document.title = defaults.title;
  if (!root.getAttribute('lang')) root.setAttribute('lang', defaults.lang);
  if (!root.getAttribute('dir')) root.setAttribute('dir', defaults.dir);
  const style = document.createElement('style');
  style.textContent = `:where(html) { font-family: ${defaults.fontStack}; }\n${defaults.footerCss}`;
  (document.head ?? root).prepend(style);
}

/** puppeteer treats 0 as "no timeout", so an exhausted budget still gets 1 ms. */
function remaining(deadline: number): number {
  return Math.max(1, Math.ceil(deadline - performance.now()));
}
