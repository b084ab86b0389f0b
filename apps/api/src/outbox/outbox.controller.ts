import { BadRequestException, Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DELIVERY_CHANNELS, DeliveryChannel, GetOutboxMessageUseCase, isDeliveryChannel, ListOutboxUseCase, OutboxMessageView } from '@app/dispatch';
import { Roles } from '../auth/access.decorators';

/** What the embedded outbox transports (the default of `CCM_EMAIL_TRANSPORT`, `CCM_SMS_TRANSPORT`, `CCM_WHATSAPP_TRANSPORT`) kept instead of sending. */
@ApiTags('outbox')
@Controller('v1/outbox')
@Roles('billing')
export class OutboxController {
  constructor(
    private readonly listOutbox: ListOutboxUseCase,
    private readonly getOutboxMessage: GetOutboxMessageUseCase,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Messages the outbox kept, newest first (at most 100): what customers would have received' })
  @ApiQuery({ name: 'channel', required: false, enum: DELIVERY_CHANNELS })
  list(@Query('channel') channel?: unknown): Promise<OutboxMessageView[]> {
    if (channel !== undefined && !(typeof channel === 'string' && isDeliveryChannel(channel))) {
      throw new BadRequestException(`channel must be one of ${DELIVERY_CHANNELS.join(', ')}`);
    }
    return this.listOutbox.execute({ channel: channel as DeliveryChannel | undefined });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One kept message, byte for byte: message/rfc822 for email, the JSON sent for SMS and WhatsApp' })
  @ApiProduces('message/rfc822', 'application/json')
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const { message, bytes } = await this.getOutboxMessage.execute(id);
    response.setHeader('ETag', `"${message.sha256}"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.type(message.contentType).send(bytes);
  }
}
