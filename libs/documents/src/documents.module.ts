import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ComposerModule } from '@app/composer';
import { TemplateStoreModule } from '@app/template-store';
import { CreateDocumentUseCase } from './create-document.use-case';
import { DocumentEntity } from './document.entity';
import { GetDocumentUseCase } from './get-document.use-case';
import { GetEmailMessageUseCase } from './get-email-message.use-case';
import { GetRenditionUseCase } from './get-rendition.use-case';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyStore } from './idempotency.store';
import { PurgeIdempotencyKeysUseCase } from './purge-idempotency-keys.use-case';
import { RenderDocumentUseCase } from './render-document.use-case';
import { RenditionEntity } from './rendition.entity';

const USE_CASES = [
  CreateDocumentUseCase,
  GetDocumentUseCase,
  GetRenditionUseCase,
  GetEmailMessageUseCase,
  RenderDocumentUseCase,
  PurgeIdempotencyKeysUseCase,
];

@Module({
  imports: [
    TypeOrmModule.forFeature([DocumentEntity, RenditionEntity, IdempotencyKeyEntity]),
    TemplateStoreModule,
    ComposerModule,
    AuditModule,
  ],
  providers: [IdempotencyStore, ...USE_CASES],
  exports: USE_CASES,
})
export class DocumentsModule {}
