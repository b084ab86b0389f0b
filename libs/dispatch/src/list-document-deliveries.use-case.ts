import { Injectable } from '@nestjs/common';
import { DeliveryRepository } from './delivery.repository';
import { deliveryView, DeliveryView } from './delivery.view';

/** The deliveries of one document, oldest first, each with its tries. */
@Injectable()
export class ListDocumentDeliveriesUseCase {
  constructor(private readonly deliveries: DeliveryRepository) {}

  async execute(documentId: string): Promise<DeliveryView[]> {
    const deliveries = await this.deliveries.forDocument(documentId);
    const attempts = await this.deliveries.attemptsOf(deliveries.map((delivery) => delivery.id));
    return deliveries.map((delivery) => deliveryView(delivery, attempts));
  }
}
