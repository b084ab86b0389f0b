import { Injectable } from '@nestjs/common';
import { CheckoutSessionRepository } from './checkout-session.repository';
import { fromMinorUnits } from './minor-units';
import { PayableInvoices } from './payable-invoice';
import { PaymentProvider } from './payment-provider';
import { PaymentRepository } from './payment.repository';
import { TestCheckoutForms } from './test-checkout.forms';
import { renderTestCheckoutPage, type TestCheckoutView } from './test-checkout.page';
import { testCheckoutPath } from './test-checkout.payment-provider';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TestCheckoutPage {
  /** 200 for a checkout, 404 for none. */
  readonly found: boolean;
  readonly html: string;
  /** The anti-forgery nonce to set as a cookie, when the page carries the button. */
  readonly nonce?: string;
}

/** The built-in checkout page of one session: the button while it is open, "payment received" once the invoice is paid. */
@Injectable()
export class ShowTestCheckoutUseCase {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly sessions: CheckoutSessionRepository,
    private readonly invoices: PayableInvoices,
    private readonly payments: PaymentRepository,
    private readonly forms: TestCheckoutForms,
  ) {}

  async execute(checkoutId: string): Promise<TestCheckoutPage> {
    const view = await this.view(checkoutId);
    if (view.state === 'unknown') return { found: false, html: renderTestCheckoutPage(view) };
    if (view.state === 'paid') return { found: true, html: renderTestCheckoutPage(view) };
    const { nonce, token } = this.forms.issue(checkoutId);
    return { found: true, html: renderTestCheckoutPage(view, { action: `${testCheckoutPath(checkoutId)}/complete`, token }), nonce };
  }

  private async view(checkoutId: string): Promise<TestCheckoutView> {
    // Served only while the test checkout is the provider: with a real one configured, no page completes payments.
    if (this.provider.name !== 'test-checkout' || !UUID.test(checkoutId)) return { state: 'unknown' };
    const session = await this.sessions.byProviderSession('test-checkout', checkoutId);
    if (!session) return { state: 'unknown' };
    const invoice = await this.invoices.load(session.documentId);
    const paid = session.status === 'completed' || (await this.payments.forDocument(session.documentId)) !== null;
    return {
      state: paid ? 'paid' : 'open',
      locale: invoice.document.locale,
      invoiceNumber: invoice.number,
      amount: fromMinorUnits(session.amountMinor, session.currency),
      currency: session.currency,
    };
  }
}
