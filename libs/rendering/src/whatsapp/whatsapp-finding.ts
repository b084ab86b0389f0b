import { DomainError, type ErrorCode } from '@app/kernel';

/**
 * One problem found in a WhatsApp template or message. `error` means Meta
 * would refuse it; `warning` means Meta would accept it but something is
 * probably wrong (a promotional word in a utility template gets it
 * re-categorised as marketing, and billed as such).
 */
export interface WhatsAppFinding {
  readonly severity: 'error' | 'warning';
  /** JSON pointer (RFC 6901) to the offending field, e.g. `/channels/whatsapp/locales/ar/body`. */
  readonly pointer: string;
  readonly message: string;
  /** The error code this finding raises when it is an error. */
  readonly code: Extract<ErrorCode, 'limit_exceeded' | 'validation_failed'>;
}

/**
 * Throws when any finding is an error, listing every one of them, so a message
 * Meta would refuse fails loudly here instead of being dropped at Meta. The
 * code is `limit_exceeded` when every error is a length or count limit (the
 * data outgrew the template) and `validation_failed` otherwise.
 */
export function assertSendable(findings: readonly WhatsAppFinding[]): void {
  const errors = findings.filter((finding) => finding.severity === 'error');
  if (errors.length === 0) return;
  const code = errors.every((error) => error.code === 'limit_exceeded') ? 'limit_exceeded' : 'validation_failed';
  const summary = errors.map((error) => `${error.pointer}: ${error.message}`).join('; ');
  throw new DomainError(
    code,
    `WhatsApp message cannot be sent (${errors.length} ${errors.length === 1 ? 'problem' : 'problems'}): ${summary}`,
    errors.map(({ pointer, message }) => ({ pointer, message })),
    { findings: [...findings] },
  );
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}
