import { Module } from '@nestjs/common';
import { AssetsModule } from '@app/assets';
import { ComposerModule } from '@app/composer';
import { GovernanceModule } from '@app/governance';
import { OffersModule } from '@app/offers';
import { TemplateStoreModule } from '@app/template-store';
import { PreviewTemplateUseCase } from './preview-template.use-case';

/** Live previews: stored versions and unsaved content rendered per channel, nothing kept or sent. */
@Module({
  imports: [ComposerModule, TemplateStoreModule, GovernanceModule, AssetsModule, OffersModule],
  providers: [PreviewTemplateUseCase],
  exports: [PreviewTemplateUseCase],
})
export class PreviewsModule {}
