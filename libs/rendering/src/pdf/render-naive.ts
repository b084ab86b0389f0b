import { launchChromium } from './chromium-launch';
import { finishPdf } from './pdf-metadata';
import type { PdfRenderOptions, PdfResult } from './pdf-engine';
import { toPdfDomainError } from './pdf-errors';
import { silentPdfLogger } from './pdf-log';
import { DEFAULT_RENDER_TIMEOUT_MS, resolveRenderOptions } from './pdf-render-options';
import { printPage } from './page-printer';
import { RequestGuard } from './request-guard';

/**
 * One browser launched and closed per document: the baseline benchmarks compare the
 * pooled engine against. Same security and output as the engine, none of the reuse.
 */
export async function renderNaive(html: string, options: PdfRenderOptions, executablePath: string): Promise<PdfResult> {
  const started = performance.now();
  const resolved = resolveRenderOptions(html, options, DEFAULT_RENDER_TIMEOUT_MS);
  const deadline = started + resolved.timeoutMs;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    chromium = await launchChromium(executablePath, resolved.timeoutMs);
    const page = await chromium.browser.newPage();
    const guard = await RequestGuard.install(page, silentPdfLogger);
    const printed = await printPage(page, html, resolved, deadline);
    const blockedRequests = guard.blockedRequests();
    await chromium.dispose();
    const { bytes, pages } = await finishPdf(printed, resolved);
    return { bytes, pages, blockedRequests, renderMs: Math.round(performance.now() - started) };
  } catch (error) {
    throw toPdfDomainError(error, resolved.timeoutMs);
  } finally {
    await chromium?.dispose();
  }
}
