import { Module } from '@nestjs/common';
import { DocumentsModule } from '@app/documents';
import { RenderDocumentProcessor } from './render-document.processor';

/** The job-consuming half of the platform. Runs alone (`apps/worker`) or inside the API process. */
@Module({
  imports: [DocumentsModule],
  providers: [RenderDocumentProcessor],
})
export class WorkerModule {}
