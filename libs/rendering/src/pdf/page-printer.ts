import type { Page, PDFOptions } from 'puppeteer';
import { footerCss, headerTemplate, PAGE_MARGIN } from './header-footer.template';
import { PAPER_SIZE_PT } from './pdf-metadata';
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
 * Loads several documents joined by `groupHtml` (print-group.ts) and guesses each one's
 * page count from its height laid out at the printable width in print media. The guess
 * only has to be checked, not trusted: the tagged print tells the real counts, and a
 * group whose guess was wrong is printed again with them (page-margin boxes take no room
 * from the body, so the footers never move a page break). A layout-only first pass
 * costs a third to a half of the print on every group; a wrong guess costs one reprint.
 */
export async function loadGroup(page: Page, html: string, options: ResolvedPdfRenderOptions, deadline: number): Promise<number[]> {
  await loadDocument(page, html, options, deadline);
  const paper = PAPER_SIZE_PT[options.format];
  const [width, height] = options.landscape ? [paper.height, paper.width] : [paper.width, paper.height];
  const box = {
    width: ptToPx(width) - mmToPx(PAGE_MARGIN.left) - mmToPx(PAGE_MARGIN.right),
    height: ptToPx(height) - mmToPx(PAGE_MARGIN.top) - mmToPx(PAGE_MARGIN.bottom),
  };
  await page.setViewport({ width: Math.floor(box.width), height: Math.floor(box.height), deviceScaleFactor: 1 });
  await page.emulateMediaType('print');
  try {
    return await page.evaluate((pageHeight: number) => {
      const parts = Array.from(document.querySelectorAll('article[data-print-part]'));
      return parts.map((part) => Math.max(1, Math.ceil(part.getBoundingClientRect().height / pageHeight - 0.001)));
    }, box.height);
  } finally {
    // The page goes back to the pool: screenshots of emails expect screen media.
    await page.emulateMediaType();
  }
}

/** Prints the loaded group, tagged, with each document's own footer. */
export async function printGroup(page: Page, options: ResolvedPdfRenderOptions, footers: string, deadline: number): Promise<Uint8Array> {
  await page.evaluate((css: string) => {
    document.getElementById('print-part-footers')?.remove();
    const style = document.createElement('style');
    style.id = 'print-part-footers';
    style.textContent = css;
    (document.head ?? document.documentElement).append(style);
  }, footers);
  return page.pdf({ ...printOptions(options), timeout: remaining(deadline) });
}

const CSS_PX_PER_PT = 96 / 72;
const CSS_PX_PER_MM = 96 / 25.4;

function ptToPx(pt: number): number {
  return pt * CSS_PX_PER_PT;
}

function mmToPx(length: string): number {
  return Number.parseFloat(length) * CSS_PX_PER_MM;
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
