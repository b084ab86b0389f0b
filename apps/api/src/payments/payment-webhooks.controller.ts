import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { PaymentWebhookOutcome, ReceivePaymentWebhookUseCase } from '@app/payments';
import { Public } from '../auth/access.decorators';

/**
 * Payment providers' webhooks. They carry no API key: each is signed by its
 * provider and verified over the raw bytes (kept raw under /v1/webhooks, see
 * `create-api-app.ts`) before the body is parsed; a bad signature is a 401 and
 * changes nothing.
 */
@ApiTags('webhooks')
@Controller('v1/webhooks/payments')
@Public()
export class PaymentWebhooksController {
  constructor(private readonly receive: ReceivePaymentWebhookUseCase) {}

  @Post(':provider')
  @HttpCode(200)
  @ApiOperation({ summary: 'A completed payment from the configured provider: Stripe (Stripe-Signature), a hosted page or the test checkout (X-CCM-Payment-Signature)' })
  @ApiParam({ name: 'provider', enum: ['stripe', 'hosted', 'test-checkout'] })
  @ApiUnauthorizedResponse({ description: 'Missing, wrong or stale signature (problem+json); nothing is changed' })
  @ApiNotFoundResponse({ description: 'Not the configured payment provider (problem+json)' })
  @ApiBadRequestResponse({ description: 'Signed, but not a payment this platform started (problem+json)' })
  async receiveWebhook(@Param('provider') provider: string, @Req() request: Request): Promise<PaymentWebhookOutcome & { received: true }> {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    return { received: true, ...(await this.receive.execute(provider, rawBody, request.headers)) };
  }
}
