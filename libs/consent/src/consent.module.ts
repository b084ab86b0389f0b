import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ChangeChannelConsentUseCase } from './change-channel-consent.use-case';
import { ChannelConsentEntity } from './channel-consent.entity';
import { ChannelConsentRepository } from './channel-consent.repository';
import { ListChannelConsentsUseCase } from './list-channel-consents.use-case';
import { ChangeMarketingConsentUseCase } from './change-marketing-consent.use-case';
import { MarketingConsentEntity } from './marketing-consent.entity';
import { MarketingConsentRepository } from './marketing-consent.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ChannelConsentEntity, MarketingConsentEntity]), AuditModule],
  providers: [ChannelConsentRepository, ChangeChannelConsentUseCase, ListChannelConsentsUseCase, MarketingConsentRepository, ChangeMarketingConsentUseCase],
  exports: [ChannelConsentRepository, ChangeChannelConsentUseCase, ListChannelConsentsUseCase, MarketingConsentRepository, ChangeMarketingConsentUseCase],
})
export class ConsentModule {}
