import { Injectable } from '@nestjs/common';
import { DeliveryRepository } from './delivery.repository';
import { deliveryView, DeliveryView } from './delivery.view';

/** The deliveries of one document, oldest first. */
@Injectable()
export class ListDeliveriesUseCase {
  constructor(private readonly deliveries: DeliveryRepository) {}

  async execute(documentId: string): Promise<DeliveryView[]> {
    return (await this.deliveries.forDocument(documentId)).map(deliveryView);
  }
}
