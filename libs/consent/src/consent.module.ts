import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@app/audit';
import { ChangeChannelConsentUseCase } from './change-channel-consent.use-case';
import { ChannelConsentEntity } from './channel-consent.entity';
import { ChannelConsentRepository } from './channel-consent.repository';
import { ListChannelConsentsUseCase } from './list-channel-consents.use-case';

@Module({
  imports: [TypeOrmModule.forFeature([ChannelConsentEntity]), AuditModule],
  providers: [ChannelConsentRepository, ChangeChannelConsentUseCase, ListChannelConsentsUseCase],
  exports: [ChannelConsentRepository, ChangeChannelConsentUseCase, ListChannelConsentsUseCase],
})
export class ConsentModule {}
