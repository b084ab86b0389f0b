import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import {
  CreateWebhookSubscriptionUseCase,
  DeleteWebhookSubscriptionUseCase,
  GetWebhookSubscriptionUseCase,
  ListWebhookSubscriptionsUseCase,
  RotateWebhookSecretUseCase,
  UpdateWebhookSubscriptionUseCase,
  WebhookSubscriptionView,
  WebhookSubscriptionWithSecret,
} from '@app/events';
import { Roles } from '../auth/access.decorators';
import { CreateWebhookSubscriptionDto, UpdateWebhookSubscriptionDto, WebhookSubscriptionDto, WebhookSubscriptionWithSecretDto } from './webhook-subscription.dto';

@ApiTags('webhooks')
@Controller('v1/webhook-subscriptions')
@Roles('admin')
export class WebhookSubscriptionsController {
  constructor(
    private readonly createSubscription: CreateWebhookSubscriptionUseCase,
    private readonly listSubscriptions: ListWebhookSubscriptionsUseCase,
    private readonly getSubscription: GetWebhookSubscriptionUseCase,
    private readonly updateSubscription: UpdateWebhookSubscriptionUseCase,
    private readonly deleteSubscription: DeleteWebhookSubscriptionUseCase,
    private readonly rotateSecret: RotateWebhookSecretUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a billing system’s URL to event types; the signing secret is in this answer only' })
  @ApiCreatedResponse({ type: WebhookSubscriptionWithSecretDto })
  @ApiUnprocessableEntityResponse({ description: 'Invalid or unsafe URL, unknown event type (problem+json with field pointers)' })
  create(@Body() body: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecret> {
    return this.createSubscription.execute(body);
  }

  @Get()
  @ApiOperation({ summary: 'List subscriptions (never their secrets)' })
  @ApiOkResponse({ type: WebhookSubscriptionDto, isArray: true })
  list(): Promise<WebhookSubscriptionView[]> {
    return this.listSubscriptions.execute();
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookSubscriptionView> {
    return this.getSubscription.execute(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL or event types, or enable (clearing why it was disabled) or disable it' })
  @ApiOkResponse({ type: WebhookSubscriptionDto })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateWebhookSubscriptionDto): Promise<WebhookSubscriptionView> {
    return this.updateSubscription.execute(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a subscription; its deliveries stay readable' })
  @ApiNoContentResponse()
  remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.deleteSubscription.execute(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'New signing secret, in this answer only; for 24 hours tries are signed with the old and the new' })
  @ApiOkResponse({ type: WebhookSubscriptionWithSecretDto })
  rotate(@Param('id', new ParseUUIDPipe()) id: string): Promise<WebhookSubscriptionWithSecret> {
    return this.rotateSecret.execute(id);
  }
}
