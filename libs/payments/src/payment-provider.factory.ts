import { type AppConfig, unknownDriver } from '@app/config';
import { HostedPaymentProvider } from './hosted.payment-provider';
import { PaymentProvider } from './payment-provider';
import { testCheckoutSecret } from './payment-secrets';
import { StripePaymentProvider } from './stripe.payment-provider';
import { TestCheckoutPaymentProvider } from './test-checkout.payment-provider';

/** The one place the payment provider is chosen, from `CCM_PAYMENT_PROVIDER`. `loadConfig` has checked each one's variables. */
export function createPaymentProvider(config: AppConfig, signingSecret: string): PaymentProvider {
  const { payments } = config;
  const toleranceSeconds = payments.webhookToleranceSeconds;
  switch (payments.provider) {
    case 'test-checkout':
      return new TestCheckoutPaymentProvider({ publicUrl: config.publicUrl, secret: testCheckoutSecret(signingSecret), toleranceSeconds });
    case 'stripe':
      return new StripePaymentProvider({
        secretKey: payments.stripeSecretKey!,
        webhookSecret: payments.stripeWebhookSecret!,
        apiUrl: payments.stripeApiUrl,
        toleranceSeconds,
      });
    case 'hosted':
      return new HostedPaymentProvider({ payUrlTemplate: payments.hostedPayUrl!, secret: payments.hostedSecret!, toleranceSeconds });
    default:
      return unknownDriver('paymentProvider', payments.provider);
  }
}
