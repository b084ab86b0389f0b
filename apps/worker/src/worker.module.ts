import { Module } from '@nestjs/common';
import { DocumentsModule } from '@app/documents';
import { GovernanceModule } from '@app/governance';
import { PublishVersionProcessor } from './publish-version.processor';
import { PurgeIdempotencyKeysProcessor } from './purge-idempotency-keys.processor';
import { RenderDocumentProcessor } from './render-document.processor';

/** The job-consuming half of the platform. Runs alone (`apps/worker`) or inside the API process. */
@Module({
  imports: [DocumentsModule, GovernanceModule],
  providers: [RenderDocumentProcessor, PublishVersionProcessor, PurgeIdempotencyKeysProcessor],
})
export class WorkerModule {}
