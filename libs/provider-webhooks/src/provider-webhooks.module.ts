import { Module } from '@nestjs/common';
import { ConsentModule } from '@app/consent';
import { ProviderStatusModule } from '@app/dispatch';
import { LandingModule } from '@app/landing';
import { ApplyConsentKeywordUseCase } from './apply-consent-keyword.use-case';
import { ConfirmWhatsAppSubscriptionUseCase } from './confirm-whatsapp-subscription.use-case';
import { ReceiveTwilioCallbackUseCase } from './receive-twilio-callback.use-case';
import { ReceiveWhatsAppNotificationUseCase } from './receive-whatsapp-notification.use-case';

const USE_CASES = [ReceiveTwilioCallbackUseCase, ReceiveWhatsAppNotificationUseCase, ConfirmWhatsAppSubscriptionUseCase];

@Module({
  imports: [ProviderStatusModule, ConsentModule, LandingModule],
  providers: [ApplyConsentKeywordUseCase, ...USE_CASES],
  exports: USE_CASES,
})
export class ProviderWebhooksModule {}
