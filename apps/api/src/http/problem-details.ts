import type { ErrorCode, FieldError } from '@app/kernel';

/** RFC 9457 problem details, the body of every error response. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Stable, machine-readable; integrators switch on this, not on `title`. */
  readonly code: ErrorCode | HttpOnlyCode;
  readonly instance?: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

/** Codes that only exist at the HTTP edge. */
export type HttpOnlyCode = 'malformed_request' | 'payload_too_large' | 'route_not_found' | 'method_not_allowed' | 'internal_error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every domain error code has a status; the `satisfies` keeps the map exhaustive. */
export const STATUS_BY_CODE = {
  validation_failed: 422,
  reconciliation_failed: 422,
  idempotency_key_reused: 422,
  template_not_published: 422,
  template_invalid: 422,
  compliance_failed: 422,
  invalid_state: 409,
  rendition_failed: 422,
  limit_exceeded: 422,
  not_found: 404,
  rendition_not_requested: 404,
  conflict: 409,
  idempotency_in_flight: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
  rendition_pending: 503,
  unavailable: 503,
  already_paid: 409,
  not_payable: 409,
} as const satisfies Record<ErrorCode, number>;

export const TITLE_BY_STATUS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemType(code: string): string {
  return `https://ccm.dev/problems/${code.replace(/_/g, '-')}`;
}
