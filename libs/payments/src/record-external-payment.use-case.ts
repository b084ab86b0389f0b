import { Injectable } from '@nestjs/common';
import { currencyPrecision, decimalPlaces, DomainError, FieldError, parseDecimal } from '@app/kernel';
import { DocumentRepository } from '@app/documents';
import { PayableInvoices } from './payable-invoice';
import { confirmationExternalRef, PAYMENT_CONFIRMATION_TEMPLATE, type PaymentMethod } from './payment-confirmation';
import type { PaymentRecord } from './payment.repository';
import { RecordPaymentUseCase } from './record-payment.use-case';

export interface ExternalPayment {
  readonly documentId: string;
  /** Decimal string in the invoice's currency, e.g. "228.85". */
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: Date;
  /** The billing system's own reference of the payment: the same reference again is the same payment. */
  readonly reference: string;
  readonly method: PaymentMethod;
  readonly sendConfirmation: boolean;
}

export interface ExternalPaymentResult {
  /** False when this reference was recorded before: the same answer, nothing changed. */
  readonly created: boolean;
  readonly payment: PaymentRecord;
  readonly confirmationDocumentId: string | null;
}

/**
 * The billing system says an invoice was paid elsewhere (at a branch, by bank
 * transfer): the payment is recorded with source `billing-system`, the pay link
 * revoked as `paid_elsewhere`, `action.paid` published, and a confirmation sent
 * only when asked. Reporting the same reference again changes nothing; another
 * reference for a paid invoice is `already_paid`.
 */
@Injectable()
export class RecordExternalPaymentUseCase {
  constructor(
    private readonly invoices: PayableInvoices,
    private readonly recordPayment: RecordPaymentUseCase,
    private readonly documents: DocumentRepository,
  ) {}

  async execute(input: ExternalPayment): Promise<ExternalPaymentResult> {
    const invoice = await this.invoices.load(input.documentId);
    const problems: FieldError[] = [];
    if (input.currency !== invoice.currency) {
      problems.push({ pointer: '/currency', message: `must be the invoice's currency, ${invoice.currency}` });
    } else if (decimalPlaces(input.amount) > currencyPrecision(input.currency)) {
      problems.push({ pointer: '/amount', message: `has more decimal places than ${input.currency}'s ${currencyPrecision(input.currency)}` });
    }
    if ((parseDecimal(input.amount)?.units ?? 0n) <= 0n) problems.push({ pointer: '/amount', message: 'must be more than zero' });
    if (problems.length) throw new DomainError('validation_failed', 'The payment does not fit the invoice', problems);

    const outcome = await this.recordPayment.execute({
      documentId: input.documentId,
      source: 'billing-system',
      providerReference: input.reference,
      amount: input.amount,
      currency: input.currency,
      paidAt: input.paidAt,
      method: input.method,
      revocation: 'paid_elsewhere',
      sendConfirmation: input.sendConfirmation,
    });
    if (outcome.status === 'recorded') return { created: true, payment: outcome.payment, confirmationDocumentId: outcome.confirmationDocumentId };
    if (outcome.status === 'duplicate' && outcome.payment.documentId === input.documentId) {
      // The same answer as the first time, confirmation included when one was sent.
      const confirmation = await this.documents.findByExternalRef(PAYMENT_CONFIRMATION_TEMPLATE, confirmationExternalRef(input.documentId));
      return { created: false, payment: outcome.payment, confirmationDocumentId: confirmation?.id ?? null };
    }
    if (outcome.status === 'duplicate') {
      throw new DomainError('conflict', `Reference "${input.reference}" already records a payment of another document`, [
        { pointer: '/reference', message: `already used for document ${outcome.payment.documentId}` },
      ]);
    }
    throw new DomainError('already_paid', `Document ${input.documentId} was already paid with reference "${outcome.payment.providerReference}"`, [], {
      paymentId: outcome.payment.id,
      source: outcome.payment.source,
      reference: outcome.payment.providerReference,
      paidAt: outcome.payment.paidAt.toISOString(),
    });
  }
}
