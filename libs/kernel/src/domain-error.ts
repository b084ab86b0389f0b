/**
 * Every error a library raises on purpose carries a stable code. Apps map codes
 * to HTTP statuses or to retry/fail decisions; libraries never know about HTTP.
 */
export const ERROR_CODES = [
  'validation_failed',
  'reconciliation_failed',
  'not_found',
  'conflict',
  'idempotency_key_reused',
  'idempotency_in_flight',
  'template_not_published',
  'template_invalid',
  'compliance_failed',
  'invalid_state',
  'rendition_not_requested',
  'rendition_pending',
  'rendition_failed',
  'forbidden',
  'unauthenticated',
  'limit_exceeded',
  'rate_limited',
  'unavailable',
  'already_paid',
  'not_payable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldError {
  /** JSON pointer (RFC 6901) into the request body. */
  readonly pointer: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors: readonly FieldError[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
