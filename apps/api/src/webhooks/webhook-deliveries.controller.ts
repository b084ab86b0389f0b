import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListWebhookDeliveriesUseCase, RetryWebhookDeliveryUseCase, WebhookDeliveryView } from '@app/events';
import { Roles } from '../auth/access.decorators';
import { WebhookDeliveriesQueryDto } from './webhook-deliveries.query.dto';
import { WebhookDeliveryIdPipe } from './webhook-delivery-id.pipe';

@ApiTags('webhooks')
@Controller('v1/webhook-deliveries')
@Roles('admin')
export class WebhookDeliveriesController {
  constructor(
    private readonly listDeliveries: ListWebhookDeliveriesUseCase,
    private readonly retryDelivery: RetryWebhookDeliveryUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Webhook deliveries, newest first, each with every try (status code, error, duration, start of the answer)' })
  list(@Query() query: WebhookDeliveriesQueryDto): Promise<WebhookDeliveryView[]> {
    return this.listDeliveries.execute({ ...query, limit: query.limit ?? 50 });
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again now, with the same webhook-id' })
  @ApiAcceptedResponse({ description: 'The delivery, pending its new try' })
  retry(@Param('id', WebhookDeliveryIdPipe) id: string): Promise<WebhookDeliveryView> {
    return this.retryDelivery.execute(id);
  }
}
