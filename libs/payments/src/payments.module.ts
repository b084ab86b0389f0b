import { Global, Module } from '@nestjs/common';
import { ActionLinkSettings, PayAction } from '@app/actions';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DocumentsModule } from '@app/documents';
import { EventsModule } from '@app/events';
import { TemplateStoreModule } from '@app/template-store';
import { CheckoutSessionRepository } from './checkout-session.repository';
import { CompleteTestCheckoutUseCase } from './complete-test-checkout.use-case';
import { PayableInvoices } from './payable-invoice';
import { PaymentProvider } from './payment-provider';
import { createPaymentProvider } from './payment-provider.factory';
import { TestCheckoutSigningKey, testCheckoutFormSecret, testCheckoutSecret } from './payment-secrets';
import { PaymentRepository } from './payment.repository';
import { ReceivePaymentWebhookUseCase } from './receive-payment-webhook.use-case';
import { RecordExternalPaymentUseCase } from './record-external-payment.use-case';
import { RecordPaymentUseCase } from './record-payment.use-case';
import { ShowTestCheckoutUseCase } from './show-test-checkout.use-case';
import { StartCheckoutUseCase } from './start-checkout.use-case';
import { TestCheckoutForms } from './test-checkout.forms';

const USE_CASES = [
  StartCheckoutUseCase,
  RecordPaymentUseCase,
  ReceivePaymentWebhookUseCase,
  RecordExternalPaymentUseCase,
  ShowTestCheckoutUseCase,
  CompleteTestCheckoutUseCase,
];

/**
 * Paying invoices: checkouts with the configured provider, verified payment
 * webhooks, payments recorded once. Global so that the `PayAction` port it binds
 * reaches the pay landing page's module, which knows the port (`@app/actions`)
 * and never this library.
 */
@Global()
@Module({
  imports: [DocumentsModule, EventsModule, TemplateStoreModule],
  providers: [
    {
      provide: PaymentProvider,
      useFactory: (config: AppConfig, links: ActionLinkSettings) => createPaymentProvider(config, links.signingSecret),
      inject: [APP_CONFIG, ActionLinkSettings],
    },
    {
      provide: TestCheckoutSigningKey,
      useFactory: (links: ActionLinkSettings): TestCheckoutSigningKey => ({ secret: testCheckoutSecret(links.signingSecret) }),
      inject: [ActionLinkSettings],
    },
    {
      provide: TestCheckoutForms,
      useFactory: (links: ActionLinkSettings) => new TestCheckoutForms(testCheckoutFormSecret(links.signingSecret)),
      inject: [ActionLinkSettings],
    },
    PayableInvoices,
    PaymentRepository,
    CheckoutSessionRepository,
    ...USE_CASES,
    // The pay landing page's button calls this port; payments is what answers it.
    { provide: PayAction, useExisting: StartCheckoutUseCase },
  ],
  exports: [...USE_CASES, PayAction, PaymentProvider],
})
export class PaymentsModule {}
