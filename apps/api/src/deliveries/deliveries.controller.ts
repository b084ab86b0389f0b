import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DeliveriesPage, QueryDeliveriesUseCase } from '@app/dispatch';
import { Roles } from '../auth/access.decorators';
import { deliveriesFilterOf } from './deliveries-query';

@ApiTags('deliveries')
@Controller('v1/deliveries')
@Roles('billing')
export class DeliveriesController {
  constructor(private readonly queryDeliveries: QueryDeliveriesUseCase) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries across documents, newest first, with their tries: for operators' })
  @ApiQuery({ name: 'status', required: false, enum: ['queued', 'sending', 'sent', 'failed', 'skipped'] })
  @ApiQuery({ name: 'channel', required: false, enum: ['email', 'sms', 'whatsapp'] })
  @ApiQuery({ name: 'since', required: false, description: 'ISO 8601 instant: created at or after' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500, default 50' })
  @ApiQuery({ name: 'cursor', required: false, description: "The previous page's nextCursor" })
  @ApiBadRequestResponse({ description: 'A parameter is unknown or malformed; the detail names it (problem+json)' })
  list(@Query() query: Record<string, unknown>): Promise<DeliveriesPage> {
    return this.queryDeliveries.execute(deliveriesFilterOf(query));
  }
}
