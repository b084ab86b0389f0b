import { ProtocolError, TimeoutError } from 'puppeteer';
import { DomainError } from '@app/kernel';

/** Raised by our own render deadline; turned into a DomainError before it leaves the engine. */
export class RenderTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`PDF rendering did not finish within ${timeoutMs} ms`);
    this.name = 'RenderTimeout';
  }
}

/**
 * Chromium answers "Printing failed" when the document itself cannot be laid out
 * (for instance more pages than it can print); retrying the same HTML fails again.
 * Everything else — timeouts, crashes, a closed connection — may well pass on retry.
 */
export function toPdfDomainError(error: unknown, timeoutMs: number): DomainError {
  if (error instanceof DomainError) return error;
  if (error instanceof RenderTimeout || error instanceof TimeoutError) {
    return new DomainError('unavailable', `PDF rendering did not finish within ${timeoutMs} ms`, [], {
      reason: 'timeout',
      timeoutMs,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ProtocolError && /Printing failed/i.test(message)) {
    return new DomainError('template_invalid', 'Chromium could not print this HTML', [], { cause: message });
  }
  return new DomainError('unavailable', `PDF rendering failed: ${message}`, [], { reason: 'browser_error' });
}

export function isTimeout(error: unknown): boolean {
  return error instanceof RenderTimeout || error instanceof TimeoutError;
}
