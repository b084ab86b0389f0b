import { ProviderFailure } from './provider-failure';

/** Twilio error codes that a later try may get past: its own 429-like queue and rate limits. */
const TWILIO_TEMPORARY_CODES: ReadonlySet<number> = new Set([20429, 30001, 30022]);
/** Meta error codes that are throttling or a passing outage, whatever the HTTP status. */
const META_TEMPORARY_CODES: ReadonlySet<number> = new Set([1, 2, 4, 17, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);

/**
 * What a provider's non-2xx answer means for the next try. 5xx, 408 and 429
 * are temporary (a 429's Retry-After, in seconds or as an HTTP date, is the
 * earliest next try); other 4xx are permanent (an invalid number, 21211; an
 * unsubscribed recipient, 21610; Meta's 131026 undeliverable, 131051
 * unsupported type, 132000-series template errors), unless the provider's own
 * code says it is throttling.
 */
export function classifyHttpFailure(provider: string, status: number, headers: Headers, body: unknown, now = Date.now()): ProviderFailure {
  const { code, message } = providerError(body);
  const retryAfterMs = retryAfterOf(headers.get('retry-after'), now);
  const temporaryCode = typeof code === 'number' && (TWILIO_TEMPORARY_CODES.has(code) || META_TEMPORARY_CODES.has(code));
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429 && !temporaryCode;
  const text = `${provider} answered ${status}${code !== undefined ? ` (code ${code})` : ''}${message ? `: ${message}` : ''}`;
  return new ProviderFailure(text.slice(0, 1000), permanent, { status, providerCode: code, retryAfterMs });
}

/** A request that got no answer: timed out, refused, reset. Always worth a retry. */
export function classifyNetworkFailure(provider: string, error: unknown): ProviderFailure {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const reason = err?.name === 'TimeoutError' || err?.name === 'AbortError' ? 'timed out' : (err?.cause?.code ?? err?.cause?.message ?? err?.message ?? 'failed');
  return new ProviderFailure(`${provider} request ${reason}`, false);
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterOf(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Twilio: `{ code, message }`; Meta: `{ error: { code, message } }`. */
function providerError(body: unknown): { code?: number | string; message?: string } {
  if (!body || typeof body !== 'object') return {};
  const source = ('error' in body && body.error && typeof body.error === 'object' ? body.error : body) as { code?: unknown; message?: unknown };
  return {
    code: typeof source.code === 'number' || typeof source.code === 'string' ? source.code : undefined,
    message: typeof source.message === 'string' ? source.message : undefined,
  };
}

/** The body of a provider's answer as JSON, or its text when it is not JSON. */
export async function answerBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 500);
  }
}
