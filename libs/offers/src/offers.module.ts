import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AssetsModule } from '@app/assets';
import { AuditModule } from '@app/audit';
import { ComposerModule } from '@app/composer';
import { ConsentModule } from '@app/consent';
import { GovernanceModule } from '@app/governance';
import { EmailCompiler } from '@app/rendering';
import { TemplateStoreModule } from '@app/template-store';
import { OfferBlocks } from './blocks/offer-blocks';
import { ApproveOfferVersionUseCase } from './catalog/approve-offer-version.use-case';
import { CreateOfferDraftUseCase } from './catalog/create-offer-draft.use-case';
import { CreateOfferUseCase } from './catalog/create-offer.use-case';
import { GetOfferUseCase } from './catalog/get-offer.use-case';
import { ListOffersUseCase } from './catalog/list-offers.use-case';
import { OfferEntity } from './catalog/offer.entity';
import { OfferVersionEntity } from './catalog/offer-version.entity';
import { OfferVersionsRepository } from './catalog/offer-versions.repository';
import { PublishOfferVersionUseCase } from './catalog/publish-offer-version.use-case';
import { RejectOfferVersionUseCase } from './catalog/reject-offer-version.use-case';
import { RetireOfferVersionUseCase } from './catalog/retire-offer-version.use-case';
import { SubmitOfferVersionUseCase } from './catalog/submit-offer-version.use-case';
import { UpdateOfferDraftUseCase } from './catalog/update-offer-draft.use-case';
import { ChooseDocumentOfferUseCase } from './choose-document-offer.use-case';
import { FollowOfferLinkUseCase } from './engagement/follow-offer-link.use-case';
import { OfferAnalyticsUseCase } from './engagement/offer-analytics.use-case';
import { OfferEmailHeaders } from './engagement/offer-email-headers';
import { RecordOfferConversionUseCase } from './engagement/record-offer-conversion.use-case';
import { UnsubscribeFromOffersUseCase } from './engagement/unsubscribe-from-offers.use-case';
import { OfferLint } from './lint/offer-lint';
import { OfferMeasurementsRepository } from './measurement/offer-measurements.repository';
import { OfferLinks } from './offer-links';
import { PreviewOfferVersionUseCase } from './preview/preview-offer-version.use-case';
import { SampleOffersService } from './preview/sample-offers';

const USE_CASES = [
  CreateOfferUseCase,
  ListOffersUseCase,
  GetOfferUseCase,
  CreateOfferDraftUseCase,
  UpdateOfferDraftUseCase,
  SubmitOfferVersionUseCase,
  ApproveOfferVersionUseCase,
  RejectOfferVersionUseCase,
  PublishOfferVersionUseCase,
  RetireOfferVersionUseCase,
  PreviewOfferVersionUseCase,
  ChooseDocumentOfferUseCase,
  UnsubscribeFromOffersUseCase,
  FollowOfferLinkUseCase,
  RecordOfferConversionUseCase,
  OfferAnalyticsUseCase,
];

/** Offers inside transactional messages: the governed catalog, selection at render, unsubscribe and measurement. */
@Module({
  imports: [TypeOrmModule.forFeature([OfferEntity, OfferVersionEntity]), TemplateStoreModule, GovernanceModule, AuditModule, AssetsModule, ConsentModule, ComposerModule],
  providers: [
    ...USE_CASES,
    OfferVersionsRepository,
    OfferMeasurementsRepository,
    OfferLinks,
    OfferLint,
    SampleOffersService,
    OfferEmailHeaders,
    // Offer blocks compile their own small MJML documents, apart from the templates' compile cache.
    { provide: OfferBlocks, useFactory: () => new OfferBlocks(new EmailCompiler()) },
  ],
  exports: [...USE_CASES, SampleOffersService, OfferEmailHeaders],
})
export class OffersModule {}
