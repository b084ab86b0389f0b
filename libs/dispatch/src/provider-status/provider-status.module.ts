import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryEntity } from '../delivery.entity';
import { ApplyProviderStatusUseCase } from './apply-provider-status.use-case';
import { DeliveryEventEntity } from './delivery-event.entity';
import { ProviderStatusRepository } from './provider-status.repository';
import { RecipientCustomersRepository } from './recipient-customers.repository';

/** What providers report back about deliveries; kept apart from sending so inbound webhooks need no transport. */
@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryEventEntity])],
  providers: [ProviderStatusRepository, ApplyProviderStatusUseCase, RecipientCustomersRepository],
  exports: [ApplyProviderStatusUseCase, RecipientCustomersRepository],
})
export class ProviderStatusModule {}
