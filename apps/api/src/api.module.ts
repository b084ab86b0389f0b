import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AssetsModule } from '@app/assets';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { ConsentModule } from '@app/consent';
import { DispatchModule } from '@app/dispatch';
import { DocumentsModule } from '@app/documents';
import { EventsModule } from '@app/events';
import { GovernanceModule } from '@app/governance';
import { ForegroundWork } from '@app/kernel';
import { LandingModule } from '@app/landing';
import { PaymentsModule } from '@app/payments';
import { OffersModule } from '@app/offers';
import { PlatformModule, PlatformRuntime } from '@app/platform';
import { PreviewsModule } from '@app/previews';
import { ProviderWebhooksModule } from '@app/provider-webhooks';
import { TemplateStoreModule } from '@app/template-store';
import { ActionAnalyticsController } from './analytics/action-analytics.controller';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AssetsController } from './assets/assets.controller';
import { AuditController } from './audit/audit.controller';
import { BlocksController } from './blocks/blocks.controller';
import { ConsentsController } from './consents/consents.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthFailureThrottle } from './auth/auth-failure.throttle';
import { SessionAuthenticator } from './auth/session-authenticator';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { BatchesController } from './batches/batches.controller';
import { DocumentsController } from './documents/documents.controller';
import { FirstStartSetup } from './first-start.setup';
import { HealthController } from './health/health.controller';
import { LandingController } from './landing/landing.controller';
import { LandingThrottle } from './landing/landing.throttle';
import { MetricsController } from './metrics/metrics.controller';
import { MarketingConsentsController } from './offers/marketing-consents.controller';
import { OfferAnalyticsController } from './offers/offer-analytics.controller';
import { OfferLinksController } from './offers/offer-links.controller';
import { OffersController } from './offers/offers.controller';
import { PlatformStateGauges } from './metrics/platform-state.gauges';
import { OutboxController } from './outbox/outbox.controller';
import { DocumentPaymentsController } from './payments/document-payments.controller';
import { PaymentWebhooksController } from './payments/payment-webhooks.controller';
import { TestCheckoutController } from './payments/test-checkout.controller';
import { InvitationsController } from './people/invitations.controller';
import { SessionController } from './people/session.controller';
import { UsersController } from './people/users.controller';
import { PreviewsController } from './previews/previews.controller';
import { ReviewsController } from './templates/reviews.controller';
import { TemplatesController } from './templates/templates.controller';
import { ProviderWebhooksController } from './webhooks/provider-webhooks.controller';
import { WebhookDeliveriesController } from './webhooks/webhook-deliveries.controller';
import { WebhookSubscriptionsController } from './webhooks/webhook-subscriptions.controller';

@Module({})
export class ApiModule {
  /** The HTTP API, plus whatever a composition root runs beside it in the same process (the worker, for `npm start`). */
  static register(runtime: PlatformRuntime, alongside: readonly Type[] = []): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRoot(runtime),
        AuthModule,
        TemplateStoreModule,
        AssetsModule,
        DocumentsModule,
        DispatchModule,
        EventsModule,
        AuditModule,
        GovernanceModule,
        PreviewsModule,
        ConsentModule,
        OffersModule,
        ProviderWebhooksModule,
        LandingModule,
        PaymentsModule,
        ...alongside,
      ],
      controllers: [HealthController, ApiKeysController, DocumentsController, BatchesController, TemplatesController, ReviewsController, BlocksController, AssetsController, AuditController, PreviewsController, OutboxController, DeliveriesController, MetricsController, ConsentsController, ProviderWebhooksController, WebhookSubscriptionsController, WebhookDeliveriesController, SessionController, InvitationsController, UsersController, LandingController, ActionAnalyticsController, PaymentWebhooksController, DocumentPaymentsController, TestCheckoutController, OffersController, OfferAnalyticsController, MarketingConsentsController, OfferLinksController],
      providers: [AuthFailureThrottle, LandingThrottle, SessionAuthenticator, { provide: APP_GUARD, useClass: ApiKeyGuard }, FirstStartSetup, PlatformStateGauges, ForegroundWork],
    };
  }
}
