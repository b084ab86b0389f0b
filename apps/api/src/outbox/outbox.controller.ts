import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { GetOutboxMessageUseCase, ListOutboxUseCase, OutboxMessageView } from '@app/dispatch';
import { Roles } from '../auth/access.decorators';

/** What the embedded outbox transport (`CCM_EMAIL_TRANSPORT=outbox`) kept instead of sending. */
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
  list(): Promise<OutboxMessageView[]> {
    return this.listOutbox.execute();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One kept message, byte for byte' })
  @ApiProduces('message/rfc822')
  async get(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const { message, bytes } = await this.getOutboxMessage.execute(id);
    response.setHeader('ETag', `"${message.sha256}"`);
    response.setHeader('Cache-Control', 'private, no-store');
    response.type('message/rfc822').send(bytes);
  }
}
