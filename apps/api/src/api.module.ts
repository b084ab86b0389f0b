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
import { PlatformModule, PlatformRuntime } from '@app/platform';
import { PreviewsModule } from '@app/previews';
import { ProviderWebhooksModule } from '@app/provider-webhooks';
import { TemplateStoreModule } from '@app/template-store';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AssetsController } from './assets/assets.controller';
import { AuditController } from './audit/audit.controller';
import { BlocksController } from './blocks/blocks.controller';
import { ConsentsController } from './consents/consents.controller';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthFailureThrottle } from './auth/auth-failure.throttle';
import { DeliveriesController } from './deliveries/deliveries.controller';
import { BatchesController } from './batches/batches.controller';
import { DocumentsController } from './documents/documents.controller';
import { FirstStartSetup } from './first-start.setup';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { OutboxController } from './outbox/outbox.controller';
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
        ProviderWebhooksModule,
        ...alongside,
      ],
      controllers: [HealthController, ApiKeysController, DocumentsController, BatchesController, TemplatesController, ReviewsController, BlocksController, AssetsController, AuditController, PreviewsController, OutboxController, DeliveriesController, MetricsController, ConsentsController, ProviderWebhooksController, WebhookSubscriptionsController, WebhookDeliveriesController],
      providers: [AuthFailureThrottle, { provide: APP_GUARD, useClass: ApiKeyGuard }, FirstStartSetup],
    };
  }
}
