import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { CompleteTestCheckoutUseCase, ShowTestCheckoutUseCase, TEST_CHECKOUT_COOKIE, TEST_CHECKOUT_CSP } from '@app/payments';
import { Public } from '../auth/access.decorators';

const BASE = '/pay/test-checkout';

/**
 * The built-in test checkout (`CCM_PAYMENT_PROVIDER=test-checkout`, the
 * default): a page a customer's browser opens, so it answers HTML, not JSON.
 */
@ApiExcludeController()
@Controller('pay/test-checkout')
@Public()
export class TestCheckoutController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly show: ShowTestCheckoutUseCase,
    private readonly complete: CompleteTestCheckoutUseCase,
  ) {}

  @Get(':checkoutId')
  async page(@Param('checkoutId') checkoutId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const page = await this.show.execute(checkoutId);
    if (page.nonce) {
      response.cookie(TEST_CHECKOUT_COOKIE, page.nonce, {
        httpOnly: true,
        sameSite: 'strict',
        // Behind TLS (a public https URL, or a direct TLS connection) the cookie never travels in clear.
        secure: request.secure || this.config.publicUrl.startsWith('https:'),
        path: `${BASE}/${checkoutId}`,
      });
    }
    pageHeaders(response).status(page.found ? 200 : 404).send(page.html);
  }

  @Post(':checkoutId/complete')
  async completePayment(@Param('checkoutId') checkoutId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const token = typeof request.body?.token === 'string' ? (request.body.token as string) : undefined;
    await this.complete.execute({ checkoutId, nonce: cookieValue(request, TEST_CHECKOUT_COOKIE), token });
    // Post/redirect/get: the page now says the payment was received, and a reload posts nothing again.
    response.redirect(303, `${BASE}/${encodeURIComponent(checkoutId)}`);
  }
}

function pageHeaders(response: Response): Response {
  return response.type('html').set({
    'Content-Security-Policy': TEST_CHECKOUT_CSP,
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
}

/** One cookie of the request's Cookie header, as set (the nonce is base64url: nothing to decode). */
function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
