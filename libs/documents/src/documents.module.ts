import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlobsModule } from '@app/blobs';
import { ComposerModule } from '@app/composer';
import { EventsModule } from '@app/events';
import { OffersModule } from '@app/offers';
import { TemplateStoreModule } from '@app/template-store';
import { CreateDocumentUseCase } from './create-document.use-case';
import { DocumentLedgerRepository } from './document-ledger.repository';
import { DocumentEntity } from './document.entity';
import { DocumentRepository } from './document.repository';
import { GetDocumentLedgerUseCase } from './get-document-ledger.use-case';
import { GetDocumentUseCase } from './get-document.use-case';
import { GetEmailMessageUseCase } from './get-email-message.use-case';
import { GetRenditionUseCase } from './get-rendition.use-case';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { IdempotencyKeyRepository } from './idempotency-key.repository';
import { PurgeIdempotencyKeysUseCase } from './purge-idempotency-keys.use-case';
import { RenderDocumentUseCase } from './render-document.use-case';
import { AcceptBatchUseCase } from './accept-batch.use-case';
import { BatchCompletion } from './batch-completion';
import { BatchRepository } from './batch.repository';
import { CancelBatchUseCase, GetBatchUseCase } from './batch.use-cases';
import { SearchDocumentsUseCase } from './search-documents.use-case';
import { RenditionEntity } from './rendition.entity';
import { RenditionNotices } from './rendition-notices';
import { RenditionRepository } from './rendition.repository';

const USE_CASES = [
  CreateDocumentUseCase,
  GetDocumentUseCase,
  SearchDocumentsUseCase,
  GetDocumentLedgerUseCase,
  GetRenditionUseCase,
  GetEmailMessageUseCase,
  RenderDocumentUseCase,
  PurgeIdempotencyKeysUseCase,
  AcceptBatchUseCase,
  GetBatchUseCase,
  CancelBatchUseCase,
];

@Module({
  imports: [
    TypeOrmModule.forFeature([DocumentEntity, RenditionEntity, IdempotencyKeyEntity]),
    TemplateStoreModule,
    ComposerModule,
    BlobsModule,
    EventsModule,
    OffersModule,
  ],
  providers: [IdempotencyKeyRepository, DocumentRepository, RenditionRepository, RenditionNotices, DocumentLedgerRepository, BatchRepository, BatchCompletion, ...USE_CASES],
  // The document's row, renditions' states and ledger are read and appended to by what comes after rendering (dispatch).
  exports: [...USE_CASES, DocumentRepository, RenditionRepository, DocumentLedgerRepository, BatchRepository],
})
export class DocumentsModule {}
