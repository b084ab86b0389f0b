import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActionLinkSettings } from '@app/actions';
import { APP_CONFIG, AppConfig } from '@app/config';
import { Clock, SystemClock } from '@app/kernel';
import { CreateWebhookSubscriptionUseCase } from './create-webhook-subscription.use-case';
import { DeleteWebhookSubscriptionUseCase } from './delete-webhook-subscription.use-case';
import { EventEntity } from './event.entity';
import { EventRepository } from './event.repository';
import { GetWebhookSubscriptionUseCase } from './get-webhook-subscription.use-case';
import { ListWebhookDeliveriesUseCase } from './list-webhook-deliveries.use-case';
import { ListWebhookSubscriptionsUseCase } from './list-webhook-subscriptions.use-case';
import { PublishEventUseCase } from './publish-event.use-case';
import { RetryWebhookDeliveryUseCase } from './retry-webhook-delivery.use-case';
import { RotateWebhookSecretUseCase } from './rotate-webhook-secret.use-case';
import { SendWebhookUseCase } from './send-webhook.use-case';
import { UpdateWebhookSubscriptionUseCase } from './update-webhook-subscription.use-case';
import { WebhookAttemptEntity } from './webhook-attempt.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookHttpClient } from './webhook-http.client';
import { WebhookSecretSealer } from './webhook-secret.sealer';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity';
import { WebhookSubscriptionRepository } from './webhook-subscription.repository';

const USE_CASES = [
  PublishEventUseCase,
  CreateWebhookSubscriptionUseCase,
  ListWebhookSubscriptionsUseCase,
  GetWebhookSubscriptionUseCase,
  UpdateWebhookSubscriptionUseCase,
  DeleteWebhookSubscriptionUseCase,
  RotateWebhookSecretUseCase,
  SendWebhookUseCase,
  ListWebhookDeliveriesUseCase,
  RetryWebhookDeliveryUseCase,
];

@Module({
  imports: [TypeOrmModule.forFeature([EventEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity, WebhookAttemptEntity])],
  providers: [
    EventRepository,
    WebhookSubscriptionRepository,
    WebhookDeliveryRepository,
    { provide: Clock, useClass: SystemClock },
    {
      provide: WebhookSecretSealer,
      useFactory: (settings: ActionLinkSettings) => new WebhookSecretSealer(settings.signingSecret),
      inject: [ActionLinkSettings],
    },
    {
      provide: WebhookHttpClient,
      useFactory: (config: AppConfig) => new WebhookHttpClient({ timeoutMs: config.webhooks.timeoutMs, allowPrivateUrls: config.webhooks.allowPrivateUrls }),
      inject: [APP_CONFIG],
    },
    ...USE_CASES,
  ],
  exports: USE_CASES,
})
export class EventsModule {}
