import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryEntity } from '../delivery.entity';
import { DispatchModule } from '../dispatch.module';
import { ApplyProviderStatusUseCase } from './apply-provider-status.use-case';
import { DeliveryEventEntity } from './delivery-event.entity';
import { ProviderStatusRepository } from './provider-status.repository';
import { RecipientCustomersRepository } from './recipient-customers.repository';

/**
 * What providers report back about deliveries. A late failure report falls
 * back to the plan's next channel, so this needs dispatch's planning (and with
 * it the transports, which the API process builds anyway).
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryEventEntity]), DispatchModule],
  providers: [ProviderStatusRepository, ApplyProviderStatusUseCase, RecipientCustomersRepository],
  exports: [ApplyProviderStatusUseCase, RecipientCustomersRepository],
})
export class ProviderStatusModule {}
