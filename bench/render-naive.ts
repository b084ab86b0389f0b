import { launchChromium } from '../libs/rendering/src/pdf/chromium-launch';
import { finishPdf } from '../libs/rendering/src/pdf/pdf-metadata';
import type { PdfRenderOptions, PdfResult } from '../libs/rendering/src/pdf/pdf-engine';
import { toPdfDomainError } from '../libs/rendering/src/pdf/pdf-errors';
import { silentPdfLogger } from '../libs/rendering/src/pdf/pdf-log';
import { DEFAULT_RENDER_TIMEOUT_MS, resolveRenderOptions } from '../libs/rendering/src/pdf/pdf-render-options';
import { printPage } from '../libs/rendering/src/pdf/page-printer';
import { RequestGuard } from '../libs/rendering/src/pdf/request-guard';

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
