import { Injectable } from '@nestjs/common';
import { WebhookDeliveryFilter, WebhookDeliveryRepository } from './webhook-delivery.repository';
import { webhookDeliveryView, WebhookDeliveryView } from './webhook-delivery.view';

/** The newest deliveries matching the filter (at most `limit`), each with all its tries. */
@Injectable()
export class ListWebhookDeliveriesUseCase {
  constructor(private readonly deliveries: WebhookDeliveryRepository) {}

  async execute(filter: WebhookDeliveryFilter): Promise<WebhookDeliveryView[]> {
    const deliveries = await this.deliveries.list(filter);
    const attempts = await this.deliveries.attemptsOf(deliveries.map((d) => d.id));
    return deliveries.map((d) => webhookDeliveryView(d, attempts.filter((a) => a.deliveryId === d.id)));
  }
}
