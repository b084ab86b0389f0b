import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { DispatchModule } from '@app/dispatch';
import { DocumentsModule } from '@app/documents';
import { EventsModule } from '@app/events';
import { GovernanceModule } from '@app/governance';
import { ForegroundWork } from '@app/kernel';
import { AuditCheckpointProcessor } from './audit-checkpoint.processor';
import { DispatchDocumentProcessor } from './dispatch-document.processor';
import { PublishVersionProcessor } from './publish-version.processor';
import { PurgeIdempotencyKeysProcessor } from './purge-idempotency-keys.processor';
import { RenderDocumentProcessor } from './render-document.processor';
import { SendDeliveryProcessor } from './send-delivery.processor';
import { SendWebhookProcessor } from './send-webhook.processor';

/** The job-consuming half of the platform. Runs alone (`apps/worker`) or inside the API process. */
@Module({
  imports: [DocumentsModule, DispatchModule, EventsModule, GovernanceModule, AuditModule],
  providers: [ForegroundWork, RenderDocumentProcessor, DispatchDocumentProcessor, SendDeliveryProcessor, PublishVersionProcessor, PurgeIdempotencyKeysProcessor, AuditCheckpointProcessor, SendWebhookProcessor],
})
export class WorkerModule {}
