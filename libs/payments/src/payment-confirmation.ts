import type { Channel, Recipient } from '@app/contracts';
import type { DocumentRequest } from '@app/documents';
import { add, currencyPrecision, formatDecimal, parseDecimal, rescale } from '@app/kernel';
import type { InvoiceToPay } from './payable-invoice';

/** How a customer paid, as the payment confirmation's catalogs name it. */
export const PAYMENT_METHODS = ['card', 'bank-transfer', 'direct-debit', 'wallet', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The built-in template the confirmation is created from (its published version is pinned, as for any document). */
export const PAYMENT_CONFIRMATION_TEMPLATE = 'payment-confirmation';

/** Identifiers in the confirmation's data contract are at most this long. */
const IDENTIFIER_MAX = 64;

export interface ConfirmedPayment {
  readonly paymentId: string;
  readonly providerReference: string;
  readonly amount: string;
  readonly currency: string;
  readonly method: PaymentMethod;
  readonly paidAt: Date;
}

/**
 * The payment confirmation for an invoice's payment, as a document request:
 * the same recipient, locale and channels as the invoice, data after
 * `templates/payment-confirmation/data-contract.schema.json`, sent once
 * rendered. Its `externalRef` is derived from the invoice, so it names one
 * confirmation however often a payment is reported.
 */
export function paymentConfirmationRequest(invoice: InvoiceToPay, payment: ConfirmedPayment): DocumentRequest {
  const { document } = invoice;
  return {
    type: PAYMENT_CONFIRMATION_TEMPLATE,
    locale: document.locale,
    externalRef: confirmationExternalRef(document.id),
    recipient: document.recipient,
    channels: reachableChannels(document.channels, document.recipient),
    dispatch: true,
    data: {
      account: invoice.account,
      payment: {
        // The customer-facing reference: the provider's, unless it is longer than the contract allows.
        reference: payment.providerReference.length <= IDENTIFIER_MAX ? payment.providerReference : payment.paymentId,
        invoiceNumber: invoice.number,
        amount: inPrecision(payment.amount, payment.currency),
        currency: payment.currency,
        method: payment.method,
        paidAt: payment.paidAt.toISOString(),
        balanceAfter: balanceAfter(invoice, payment),
      },
    },
  };
}

export function confirmationExternalRef(invoiceId: string): string {
  return `payment-of-${invoiceId}`;
}

/** What the account owes once this payment is applied (negative is credit), in the currency's precision. */
function balanceAfter(invoice: InvoiceToPay, payment: ConfirmedPayment): string {
  const due = parseDecimal(invoice.amountDue)!;
  const paid = parseDecimal(payment.amount)!;
  const precision = currencyPrecision(payment.currency);
  return formatDecimal(rescale(add(due, { units: -paid.units, scale: paid.scale }), precision));
}

function inPrecision(amount: string, currency: string): string {
  return formatDecimal(rescale(parseDecimal(amount)!, currencyPrecision(currency)));
}

/**
 * The invoice's channels the recipient can be sent on: a confirmation is sent
 * as soon as it is rendered, which needs an address for each channel (the PDF
 * travels with the email).
 */
function reachableChannels(channels: readonly Channel[], recipient: Recipient): Channel[] {
  return channels.filter((channel) => {
    if (channel === 'email' || channel === 'pdf') return Boolean(recipient.email);
    if (channel === 'sms') return Boolean(recipient.phone);
    if (channel === 'whatsapp') return Boolean(recipient.whatsapp ?? recipient.phone);
    return true;
  });
}
