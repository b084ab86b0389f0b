import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlobsModule } from '@app/blobs';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { EmailTransport } from './email-transport';
import { emailTransportProvider } from './email-transport.factory';
import { OutboxMessageEntity } from './outbox-message.entity';

@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity, OutboxMessageEntity]), BlobsModule],
  providers: [DeliveryRepository, emailTransportProvider],
  exports: [DeliveryRepository, EmailTransport],
})
export class DispatchModule implements OnApplicationShutdown {
  constructor(@Inject(EmailTransport) private readonly transport: EmailTransport) {}

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
