import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlobsModule } from '@app/blobs';
import { DocumentsModule } from '@app/documents';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { DispatchDeliveryUseCase } from './dispatch-delivery.use-case';
import { ListDeliveriesUseCase } from './list-deliveries.use-case';
import { GetOutboxMessageUseCase, ListOutboxUseCase } from './outbox.use-cases';
import { EmailTransport } from './email-transport';
import { emailTransportProvider } from './email-transport.factory';
import { OutboxMessageEntity } from './outbox-message.entity';

const USE_CASES = [DispatchDeliveryUseCase, ListDeliveriesUseCase, ListOutboxUseCase, GetOutboxMessageUseCase];

@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity, OutboxMessageEntity]), BlobsModule, DocumentsModule],
  providers: [DeliveryRepository, emailTransportProvider, ...USE_CASES],
  exports: USE_CASES,
})
export class DispatchModule implements OnApplicationShutdown {
  constructor(@Inject(EmailTransport) private readonly transport: EmailTransport) {}

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
