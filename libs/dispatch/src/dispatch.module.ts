import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlobsModule } from '@app/blobs';
import { ConsentModule } from '@app/consent';
import { DocumentsModule } from '@app/documents';
import { EventsModule } from '@app/events';
import { DeliveryEvents } from './delivery-events';
import { TemplateStoreModule } from '@app/template-store';
import { ChannelMessages } from './channel-messages';
import { DeliveryAttemptEntity } from './delivery-attempt.entity';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryRepository } from './delivery.repository';
import { DispatchPlanEntity } from './dispatch-plan.entity';
import { DispatchPlanRepository } from './dispatch-plan.repository';
import { EmailTransport } from './email-transport';
import { emailTransportProvider } from './email-transport.factory';
import { FallBackToNextChannelUseCase } from './fall-back-to-next-channel.use-case';
import { ListDocumentDeliveriesUseCase } from './list-document-deliveries.use-case';
import { OutboxMessageEntity } from './outbox-message.entity';
import { GetOutboxMessageUseCase, ListOutboxUseCase } from './outbox.use-cases';
import { PlanDispatchUseCase } from './plan-dispatch.use-case';
import { ProviderRateLimiter } from './provider-rate-limiter';
import { QueryDeliveriesUseCase } from './query-deliveries.use-case';
import { SendDeliveryUseCase } from './send-delivery.use-case';
import { SmsTransport } from './sms-transport';
import { smsTransportProvider } from './sms-transport.factory';
import { WhatsAppTransport } from './whatsapp-transport';
import { whatsAppTransportProvider } from './whatsapp-transport.factory';

const USE_CASES = [
  PlanDispatchUseCase,
  SendDeliveryUseCase,
  FallBackToNextChannelUseCase,
  ListDocumentDeliveriesUseCase,
  QueryDeliveriesUseCase,
  ListOutboxUseCase,
  GetOutboxMessageUseCase,
];

@Module({
  imports: [
    TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity, OutboxMessageEntity, DispatchPlanEntity]),
    BlobsModule,
    ConsentModule,
    DocumentsModule,
    EventsModule,
    TemplateStoreModule,
  ],
  providers: [
    DeliveryRepository,
    DispatchPlanRepository,
    ChannelMessages,
    ProviderRateLimiter,
    DeliveryEvents,
    emailTransportProvider,
    smsTransportProvider,
    whatsAppTransportProvider,
    ...USE_CASES,
  ],
  // The transports too, for the few messages that are not a document's delivery (a question's acknowledgement).
  exports: [...USE_CASES, DeliveryRepository, DeliveryEvents, EmailTransport, SmsTransport, WhatsAppTransport],
})
export class DispatchModule implements OnApplicationShutdown {
  constructor(@Inject(EmailTransport) private readonly transport: EmailTransport) {}

  async onApplicationShutdown(): Promise<void> {
    await this.transport.close();
  }
}
