export * from './pdf-engine';
export * from './pdf-log';
export { ChromiumPdfEngine, type ChromiumPdfEngineOptions } from './chromium-pdf.engine';
export { resolveChromiumExecutable, SYSTEM_CHROMIUM_PATH } from './chromium-executable';
export { DEFAULT_MAX_CONCURRENT_PAGES, DEFAULT_MAX_JOBS_PER_BROWSER } from './browser-pool';
export { DEFAULT_RENDER_TIMEOUT_MS, MAX_RENDER_TIMEOUT_MS, MAX_HTML_CHARS } from './pdf-render-options';
export { PRINT_BASE_CSS, PDF_FONT_STACK, pdfFontStackFor } from './print-base.css';
export { isAllowedResourceUrl } from './request-guard';
export { renderNaive } from './render-naive';
