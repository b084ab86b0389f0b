import { Injectable } from '@nestjs/common';
import { DomainError } from '@app/kernel';
import { CheckoutSessionRepository } from './checkout-session.repository';
import { PaymentProvider, type WebhookHeaders } from './payment-provider';
import { RecordPaymentUseCase } from './record-payment.use-case';

export interface PaymentWebhookOutcome {
  /** `ignored`: a verified event that completes no payment (another event type, a payment still pending). */
  readonly status: 'recorded' | 'duplicate' | 'already_paid' | 'ignored';
  readonly paymentId?: string;
}

/**
 * A payment provider's webhook: verified over the raw bytes by the configured
 * provider before anything is parsed (a bad signature changes nothing), then
 * recorded once however often the provider retries it.
 */
@Injectable()
export class ReceivePaymentWebhookUseCase {
  constructor(
    private readonly provider: PaymentProvider,
    private readonly sessions: CheckoutSessionRepository,
    private readonly recordPayment: RecordPaymentUseCase,
  ) {}

  async execute(providerName: string, rawBody: Buffer, headers: WebhookHeaders): Promise<PaymentWebhookOutcome> {
    if (providerName !== this.provider.name) {
      throw new DomainError('not_found', `Payment webhooks of "${providerName}" are not accepted here: the payment provider is ${this.provider.name}`);
    }
    const completed = this.provider.verifyWebhook(rawBody, headers);
    if (!completed) return { status: 'ignored' };
    const session = completed.providerSessionId ? await this.sessions.byProviderSession(this.provider.name, completed.providerSessionId) : null;
    // Our own record of the checkout wins over what the provider echoes back.
    const documentId = session?.documentId ?? completed.documentId;
    if (!documentId) {
      throw new DomainError('validation_failed', `The payment names no checkout started here (${completed.providerSessionId ?? 'no reference'})`, [
        { pointer: '/reference', message: 'is not a checkout of this platform' },
      ]);
    }
    const outcome = await this.recordPayment.execute({
      documentId,
      source: this.provider.name,
      providerReference: completed.providerReference,
      amount: completed.amount,
      currency: completed.currency,
      paidAt: completed.paidAt,
      method: completed.method ?? 'card',
      checkoutSessionId: session?.id ?? null,
      revocation: 'paid',
      sendConfirmation: true,
    });
    return { status: outcome.status, paymentId: outcome.payment.id };
  }
}
