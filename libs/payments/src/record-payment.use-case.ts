import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ActionLinks, type ActionLinkRevocation } from '@app/actions';
import { CreateDocumentUseCase, DocumentLedgerRepository, DocumentRepository, type PlatformActor } from '@app/documents';
import { PublishEventUseCase } from '@app/events';
import { DomainError } from '@app/kernel';
import { CheckoutSessionRepository } from './checkout-session.repository';
import { fromMinorUnits, toMinorUnits } from './minor-units';
import { PayableInvoices, type InvoiceToPay } from './payable-invoice';
import { type PaymentMethod, paymentConfirmationRequest } from './payment-confirmation';
import type { PaymentSource } from './payment-provider';
import { PaymentRecord, PaymentRepository } from './payment.repository';

/** Who creates payment confirmations: the platform itself, on behalf of its payments capability. */
export const PAYMENTS_ACTOR: PlatformActor = { kind: 'platform', name: 'payments' };

export interface PaymentToRecord {
  readonly documentId: string;
  readonly source: PaymentSource;
  readonly providerReference: string;
  /** Decimal string. */
  readonly amount: string;
  readonly currency: string;
  readonly paidAt: Date;
  readonly method: PaymentMethod;
  /** The checkout it completes, when it came through one. */
  readonly checkoutSessionId?: string | null;
  /** Why the pay link stops working: paid through it, or paid elsewhere. */
  readonly revocation: Extract<ActionLinkRevocation, 'paid' | 'paid_elsewhere'>;
  readonly sendConfirmation: boolean;
}

export type RecordPaymentOutcome =
  /** This call recorded the payment. */
  | { readonly status: 'recorded'; readonly payment: PaymentRecord; readonly confirmationDocumentId: string | null }
  /** The same payment was recorded before (a provider's retry): nothing changed. */
  | { readonly status: 'duplicate'; readonly payment: PaymentRecord }
  /** The document was already paid by another payment: nothing changed. */
  | { readonly status: 'already_paid'; readonly payment: PaymentRecord };

/**
 * Records that a document was paid, once, whoever reports it and however often:
 * in ONE transaction, holding the document's row, it inserts the payment, marks
 * the checkout completed, revokes the pay link, creates the payment confirmation
 * (sent once rendered), appends `paid` to the document's ledger and publishes
 * `action.paid` — all of it or none (only a confirmation the template refuses is
 * left out, and logged, rather than losing the payment). A report of a payment already recorded is
 * `duplicate`; of another payment for a paid document, `already_paid`.
 */
@Injectable()
export class RecordPaymentUseCase {
  private readonly logger = new Logger('Payments');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly invoices: PayableInvoices,
    private readonly documents: DocumentRepository,
    private readonly payments: PaymentRepository,
    private readonly sessions: CheckoutSessionRepository,
    private readonly ledger: DocumentLedgerRepository,
    private readonly links: ActionLinks,
    private readonly createDocument: CreateDocumentUseCase,
    private readonly events: PublishEventUseCase,
  ) {}

  async execute(reported: PaymentToRecord): Promise<RecordPaymentOutcome> {
    // Stored in the currency's precision ("83.1" → "83.10"), as every amount a document holds.
    const input = { ...reported, amount: fromMinorUnits(toMinorUnits(reported.amount, reported.currency), reported.currency) };
    const outcome = await this.db.transaction(async (manager) => {
      await this.documents.lock(input.documentId, manager);
      const invoice = await this.invoices.load(input.documentId, manager);
      const same = await this.payments.bySourceReference(input.source, input.providerReference, manager);
      if (same) return { status: 'duplicate', payment: same } as const;
      const earlier = await this.payments.forDocument(input.documentId, manager);
      if (earlier) return { status: 'already_paid', payment: earlier } as const;
      return this.record(input, invoice, manager);
    });
    if (outcome.status === 'already_paid' && input.source !== 'billing-system') {
      // A provider took money twice for one invoice: acknowledged (it would otherwise retry for days), logged for a refund.
      // The billing system is simply told the invoice was paid (409).
      this.logger.warn(
        `document ${input.documentId} was already paid (${outcome.payment.source} ${outcome.payment.providerReference}); ${input.source} reports another payment ${input.providerReference} of ${input.amount} ${input.currency}, not recorded`,
      );
    }
    return outcome;
  }

  private async record(input: PaymentToRecord, invoice: InvoiceToPay, manager: EntityManager): Promise<RecordPaymentOutcome> {
    const payment = await this.payments.insert(
      {
        id: randomUUID(),
        documentId: input.documentId,
        source: input.source,
        providerReference: input.providerReference,
        amount: input.amount,
        currency: input.currency,
        paidAt: input.paidAt,
      },
      manager,
    );
    if (input.checkoutSessionId) await this.sessions.complete(input.checkoutSessionId, input.paidAt, manager);
    await this.links.revoke(manager, { documentId: input.documentId, purpose: 'pay', reason: input.revocation, at: input.paidAt });
    const confirmationDocumentId = input.sendConfirmation ? await this.confirm(invoice, payment, input.method, manager) : null;
    await this.ledger.append(manager, input.documentId, 'paid', {
      paymentId: payment.id,
      source: payment.source,
      providerReference: payment.providerReference,
      amount: payment.amount,
      currency: payment.currency,
      paidAt: payment.paidAt.toISOString(),
      confirmationDocumentId,
    });
    await this.events.publish(
      {
        type: 'action.paid',
        documentId: input.documentId,
        data: {
          documentId: input.documentId,
          externalRef: invoice.document.externalRef,
          paymentId: payment.id,
          source: payment.source,
          reference: payment.providerReference,
          amount: payment.amount,
          currency: payment.currency,
          paidAt: payment.paidAt.toISOString(),
          confirmationDocumentId,
        },
      },
      manager,
    );
    return { status: 'recorded', payment, confirmationDocumentId };
  }

  /** The confirmation, created like any document (validated, pinned, rendered, then sent), in this transaction. */
  private async confirm(invoice: InvoiceToPay, payment: PaymentRecord, method: PaymentMethod, manager: EntityManager): Promise<string | null> {
    const request = paymentConfirmationRequest(invoice, {
      paymentId: payment.id,
      providerReference: payment.providerReference,
      amount: payment.amount,
      currency: payment.currency,
      method,
      paidAt: payment.paidAt,
    });
    if (!request.channels?.length) {
      this.logger.warn(`document ${invoice.document.id} was paid, but its recipient has no address to send a confirmation to`);
      return null;
    }
    // A confirmation the template refuses must not lose the payment (the money was taken, and the
    // provider would retry in vain): it is created under a savepoint, undone alone if refused.
    await manager.query('SAVEPOINT payment_confirmation');
    try {
      const created = await this.createDocument.execute({ request, principal: PAYMENTS_ACTOR, within: manager });
      await manager.query('RELEASE SAVEPOINT payment_confirmation');
      return created.body.id;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT payment_confirmation');
      this.logger.error(
        `document ${invoice.document.id} was paid, but its confirmation was refused (${error.code}: ${error.message}; ${error.errors.map((e) => `${e.pointer} ${e.message}`).join('; ')})`,
      );
      return null;
    }
  }
}
