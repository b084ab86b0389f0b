import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ChannelConsentEntity } from './channel-consent.entity';
import { ChannelConsentRepository } from './channel-consent.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ChannelConsentEntity])],
  providers: [ChannelConsentRepository],
  exports: [ChannelConsentRepository],
})
export class ConsentModule {}
