import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { ActionLinks, PayAction } from '@app/actions';
import { DomainError, parseDecimal } from '@app/kernel';
import { CheckoutSessionRepository } from './checkout-session.repository';
import { toMinorUnits } from './minor-units';
import { PayableInvoices } from './payable-invoice';
import { PaymentProvider } from './payment-provider';
import { PaymentRepository } from './payment.repository';

export interface StartCheckoutInput {
  readonly documentId: string;
  readonly linkId: string;
  /** Unique per press of the pay button: pressing twice quickly, or a retried request, starts one checkout. */
  readonly attemptKey: string;
}

/**
 * What the pay link's button does (the `PayAction` port of `@app/actions`):
 * starts a checkout with the configured provider for exactly what the invoice
 * owes (`data.invoice.amountDue` in `data.invoice.currency`), records it, and
 * returns where to send the customer. A paid invoice is refused (`already_paid`),
 * as is a document that is not an invoice or owes nothing (`not_payable`).
 */
@Injectable()
export class StartCheckoutUseCase extends PayAction {
  constructor(
    private readonly invoices: PayableInvoices,
    private readonly payments: PaymentRepository,
    private readonly sessions: CheckoutSessionRepository,
    private readonly provider: PaymentProvider,
    private readonly links: ActionLinks,
  ) {
    super();
  }

  async startCheckout({ documentId, linkId, attemptKey }: StartCheckoutInput): Promise<{ redirectUrl: string }> {
    const paid = await this.payments.forDocument(documentId);
    if (paid) throw new DomainError('already_paid', `Document ${documentId} was paid on ${paid.paidAt.toISOString()}`, [], { paidAt: paid.paidAt.toISOString() });
    // The key the provider sees is bounded and says nothing of the document or the customer.
    const idempotencyKey = `ccm-checkout-${createHash('sha256').update(`${documentId}\n${attemptKey}`).digest('hex')}`;
    const started = await this.sessions.byIdempotencyKey(idempotencyKey);
    if (started) return { redirectUrl: started.redirectUrl };

    const invoice = await this.invoices.load(documentId);
    const due = parseDecimal(invoice.amountDue);
    if (!due || due.units <= 0n) {
      throw new DomainError('not_payable', `Invoice ${invoice.number} owes nothing (amount due ${invoice.amountDue} ${invoice.currency})`);
    }
    const amountMinor = toMinorUnits(invoice.amountDue, invoice.currency);
    const { payUrl } = await this.links.forDocument(documentId);
    const checkoutId = randomUUID();
    const session = await this.provider.createCheckout({
      checkoutId,
      documentId,
      linkId,
      amountMinor,
      currency: invoice.currency,
      description: `Invoice ${invoice.number}`,
      locale: invoice.document.locale,
      customerEmail: invoice.document.recipient.email,
      // Back to the pay link, whose page then says the invoice is paid (or offers to try again).
      successUrl: `${payUrl}?checkout=complete`,
      cancelUrl: `${payUrl}?checkout=cancelled`,
      idempotencyKey,
    });
    const recorded = await this.sessions.insert({
      id: checkoutId,
      documentId,
      linkId,
      provider: this.provider.name,
      providerSessionId: session.providerSessionId,
      // What the provider was asked for: the amount due, unless its rules made it round.
      amountMinor: session.chargedAmount ? toMinorUnits(session.chargedAmount, invoice.currency) : amountMinor,
      currency: invoice.currency,
      redirectUrl: session.redirectUrl,
      idempotencyKey,
    });
    if (recorded) return { redirectUrl: session.redirectUrl };
    // The same press raced this one and recorded first; the provider gave both the same session.
    const winner = await this.sessions.byIdempotencyKey(idempotencyKey);
    return { redirectUrl: winner?.redirectUrl ?? session.redirectUrl };
  }
}
