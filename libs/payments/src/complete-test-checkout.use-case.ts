import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { CheckoutSessionRepository } from './checkout-session.repository';
import { fromMinorUnits } from './minor-units';
import { PaymentProvider } from './payment-provider';
import { TestCheckoutSigningKey } from './payment-secrets';
import { ReceivePaymentWebhookUseCase } from './receive-payment-webhook.use-case';
import { signPaymentWebhook } from './signed-payment-webhook';
import { TestCheckoutForms } from './test-checkout.forms';

export interface CompleteTestCheckoutInput {
  readonly checkoutId: string;
  /** From the page's cookie. */
  readonly nonce: string | undefined;
  /** From the page's form. */
  readonly token: string | undefined;
}

/**
 * The test checkout's "Complete test payment" button. It completes the payment
 * exactly as a provider would: a completion webhook signed with the test
 * checkout's key, handed to the same verification and recording as
 * `POST /v1/webhooks/payments/test-checkout`. Pressing it again is the same
 * payment (its id is the checkout's), so nothing is recorded twice.
 */
@Injectable()
export class CompleteTestCheckoutUseCase {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly sessions: CheckoutSessionRepository,
    private readonly forms: TestCheckoutForms,
    private readonly receiveWebhook: ReceivePaymentWebhookUseCase,
    private readonly signingKey: TestCheckoutSigningKey,
  ) {}

  async execute({ checkoutId, nonce, token }: CompleteTestCheckoutInput): Promise<void> {
    if (this.provider.name !== 'test-checkout') throw new DomainError('not_found', 'The test checkout is not the payment provider here');
    if (!this.forms.verify(checkoutId, nonce, token)) {
      throw new DomainError('forbidden', 'The form was not issued to this browser for this checkout; open the checkout page again');
    }
    const session = await this.sessions.byProviderSession('test-checkout', checkoutId);
    if (!session) throw new DomainError('not_found', `No test checkout ${checkoutId}`);
    const body = Buffer.from(
      JSON.stringify({
        type: 'payment.completed',
        reference: session.providerSessionId,
        paymentId: `test_${session.id}`,
        amount: fromMinorUnits(session.amountMinor, session.currency),
        currency: session.currency,
        paidAt: new Date().toISOString(),
        method: 'card',
      }),
    );
    const headers = signPaymentWebhook(this.signingKey.secret, body, Math.floor(Date.now() / 1000));
    await this.receiveWebhook.execute('test-checkout', body, headers);
  }
}
