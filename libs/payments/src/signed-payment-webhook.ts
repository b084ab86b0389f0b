import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError, isBillableCurrency, parseDecimal } from '@app/kernel';
import { PAYMENT_METHODS, type PaymentMethod } from './payment-confirmation';
import { headerValue, type PaymentCompleted, type WebhookHeaders } from './payment-provider';

export const TIMESTAMP_HEADER = 'x-ccm-payment-timestamp';
export const SIGNATURE_HEADER = 'x-ccm-payment-signature';

/**
 * The completion webhook a hosted payment page sends (and the test checkout
 * sends the same way), documented for gateways in the README:
 *
 *   X-CCM-Payment-Timestamp: <Unix seconds>
 *   X-CCM-Payment-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 *
 * Several `v1=` values separated by commas are accepted (a key rotation). The
 * timestamp is signed with the body, so an old request cannot be replayed outside
 * the tolerance, and each value is compared in constant time.
 */
export function signPaymentWebhook(secret: string, rawBody: Buffer, timestampSeconds: number): Record<string, string> {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
  return { [TIMESTAMP_HEADER]: String(timestampSeconds), [SIGNATURE_HEADER]: `v1=${mac}` };
}

export function verifyPaymentWebhookSignature(secret: string, rawBody: Buffer, headers: WebhookHeaders, toleranceSeconds: number, now = new Date()): void {
  const timestamp = headerValue(headers, TIMESTAMP_HEADER)?.trim() ?? '';
  const signature = headerValue(headers, SIGNATURE_HEADER) ?? '';
  if (!/^\d{1,12}$/.test(timestamp)) throw new DomainError('unauthenticated', `The ${TIMESTAMP_HEADER} header is missing or not Unix seconds`);
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) {
    throw new DomainError('unauthenticated', `The ${TIMESTAMP_HEADER} is more than ${toleranceSeconds} seconds from now`);
  }
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  const offered = signature
    .split(',')
    .map((part) => /^\s*v1=([0-9a-f]{64})\s*$/i.exec(part)?.[1])
    .filter((hex): hex is string => Boolean(hex));
  if (!offered.some((hex) => timingSafeEqual(Buffer.from(hex, 'hex'), expected))) {
    throw new DomainError('unauthenticated', `The ${SIGNATURE_HEADER} header is missing or does not match this body`);
  }
}

/** The body of a signed completion webhook. */
export interface SignedPaymentEvent {
  /** `payment.completed`; any other type is acknowledged and ignored. */
  readonly type: string;
  /** The `{reference}` the payment page was opened with: our checkout's id. */
  readonly reference: string;
  /** The gateway's own id of the payment, the same on every retry. */
  readonly paymentId: string;
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: string;
  /** How the customer paid: card, bank-transfer, direct-debit, wallet or cash; card when absent. */
  readonly method?: PaymentMethod;
}

/** Reads a body whose signature already checked out; a malformed one is a 422 naming the field. */
export function parseSignedPaymentEvent(rawBody: Buffer): SignedPaymentEvent | null {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new DomainError('validation_failed', 'The payment webhook body is not JSON', [{ pointer: '', message: 'must be a JSON object' }]);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('validation_failed', 'The payment webhook body is not a JSON object', [{ pointer: '', message: 'must be a JSON object' }]);
  }
  if (body.type !== 'payment.completed') return null;
  const problems: Array<{ pointer: string; message: string }> = [];
  const text = (name: string, max: number) => {
    const value = body[name];
    if (typeof value !== 'string' || !value.length || value.length > max || /[\u0000-\u001f\u007f]/.test(value)) {
      problems.push({ pointer: `/${name}`, message: `must be a single-line string of 1 to ${max} characters` });
    }
    return String(value);
  };
  const event = {
    type: 'payment.completed',
    reference: text('reference', 255),
    paymentId: text('paymentId', 255),
    amount: text('amount', 32),
    currency: text('currency', 3),
    paidAt: text('paidAt', 40),
  };
  const method = body.method === undefined ? undefined : (body.method as PaymentMethod);
  if (method !== undefined && !PAYMENT_METHODS.includes(method)) problems.push({ pointer: '/method', message: `must be one of ${PAYMENT_METHODS.join(', ')}` });
  const amount = parseDecimal(event.amount);
  if (!amount || amount.units <= 0n) problems.push({ pointer: '/amount', message: 'must be a positive decimal string such as "20.750"' });
  if (!isBillableCurrency(event.currency)) problems.push({ pointer: '/currency', message: 'must be an active ISO 4217 currency code' });
  if (Number.isNaN(Date.parse(event.paidAt))) problems.push({ pointer: '/paidAt', message: 'must be an ISO 8601 date-time' });
  if (problems.length) throw new DomainError('validation_failed', 'The payment webhook body is malformed', problems);
  return { ...event, ...(method ? { method } : {}) };
}

/**
 * A completion webhook signed with our own scheme (a hosted page, the test
 * checkout): verified before it is read, then the payment it reports, or null
 * for an event that is not a completion. The payment names our checkout, not
 * the document: the page only echoes the reference it was opened with.
 */
export function completedPaymentOf(secret: string, rawBody: Buffer, headers: WebhookHeaders, toleranceSeconds: number): PaymentCompleted | null {
  verifyPaymentWebhookSignature(secret, rawBody, headers, toleranceSeconds);
  const event = parseSignedPaymentEvent(rawBody);
  if (!event) return null;
  return {
    providerReference: event.paymentId,
    documentId: null,
    providerSessionId: event.reference,
    amount: event.amount,
    currency: event.currency,
    paidAt: new Date(event.paidAt),
    ...(event.method ? { method: event.method } : {}),
  };
}
