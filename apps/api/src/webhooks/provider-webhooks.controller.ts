import { Controller, Get, Header, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiForbiddenResponse, ApiHeader, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ConfirmWhatsAppSubscriptionUseCase, ReceiveTwilioCallbackUseCase, ReceiveWhatsAppNotificationUseCase } from '@app/provider-webhooks';
import { Public } from '../auth/access.decorators';

/** An empty TwiML answer: Twilio sends no reply of ours (it answers STOP and START itself). */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Callbacks from SMS and WhatsApp providers. They carry no API key: each is
 * signed by its provider, and the signature is checked over the raw bytes
 * (kept raw for these routes only, see `create-api-app.ts`) before anything else.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks')
@Public()
export class ProviderWebhooksController {
  constructor(
    private readonly receiveTwilio: ReceiveTwilioCallbackUseCase,
    private readonly receiveWhatsApp: ReceiveWhatsAppNotificationUseCase,
    private readonly confirmWhatsApp: ConfirmWhatsAppSubscriptionUseCase,
  ) {}

  @Post('twilio')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  @ApiOperation({ summary: 'Twilio message status callbacks and inbound SMS (STOP/START); signed with X-Twilio-Signature' })
  @ApiHeader({ name: 'X-Twilio-Signature', required: true, description: 'base64 HMAC-SHA1 (TWILIO_AUTH_TOKEN) of CCM_PUBLIC_URL + path and query, then the POST parameters sorted by name' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong signature, or no TWILIO_AUTH_TOKEN configured (problem+json); nothing is changed' })
  async twilio(@Req() request: Request, @Headers('x-twilio-signature') signature: string | undefined): Promise<string> {
    await this.receiveTwilio.execute({ pathAndQuery: request.originalUrl, signature, rawBody: rawBodyOf(request) });
    return EMPTY_TWIML;
  }

  @Get('whatsapp')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiOperation({ summary: "Meta's webhook verification: echoes hub.challenge for the configured verify token" })
  @ApiForbiddenResponse({ description: 'Wrong mode or verify token, or no WHATSAPP_VERIFY_TOKEN configured (problem+json)' })
  whatsappHandshake(
    @Query('hub.mode') mode: string | undefined,
    @Query('hub.verify_token') verifyToken: string | undefined,
    @Query('hub.challenge') challenge: string | undefined,
  ): string {
    return this.confirmWhatsApp.execute({ mode: single(mode), verifyToken: single(verifyToken), challenge: single(challenge) });
  }

  @Post('whatsapp')
  @HttpCode(200)
  @ApiOperation({ summary: 'WhatsApp Cloud API statuses and inbound messages (STOP/START); signed with X-Hub-Signature-256' })
  @ApiHeader({ name: 'X-Hub-Signature-256', required: true, description: 'sha256=<hex HMAC-SHA256 of the raw body with WHATSAPP_APP_SECRET>' })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong signature, or no WHATSAPP_APP_SECRET configured (problem+json); nothing is changed' })
  async whatsapp(@Req() request: Request, @Headers('x-hub-signature-256') signature: string | undefined): Promise<{ received: true }> {
    await this.receiveWhatsApp.execute({ signature, rawBody: rawBodyOf(request) });
    return { received: true };
  }
}

function rawBodyOf(request: Request): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** A repeated query parameter arrives as an array; the handshake takes single values only. */
function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
