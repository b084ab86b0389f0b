import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DomainError } from '@app/kernel';
import { FollowOfferLinkUseCase, UnsubscribeFromOffersUseCase } from '@app/offers';
import { Public } from '../auth/access.decorators';
import { pageLanguage, unsubscribePage } from './offer-pages';

/**
 * The links an offer puts in a message, for people without a key: `/u/…`
 * (unsubscribe from offers: GET shows a page and changes nothing, as mail
 * scanners fetch links; POST — the RFC 8058 one-click or the page's button —
 * withdraws marketing consent) and `/o/…` (an offer's button: counted, then
 * sent on with a 303).
 */
@ApiExcludeController()
@Public()
@Controller()
export class OfferLinksController {
  constructor(
    private readonly unsubscribe: UnsubscribeFromOffersUseCase,
    private readonly follow: FollowOfferLinkUseCase,
  ) {}

  @Get('u/:token')
  confirm(@Param('token') token: string, @Req() request: Request, @Res() response: Response): void {
    const language = pageLanguage(request.headers['accept-language']);
    let state: 'ask' | 'invalid' = 'ask';
    try {
      this.unsubscribe.check(token);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      state = 'invalid';
    }
    page(response, state === 'ask' ? 200 : 404, unsubscribePage(language, state));
  }

  @Post('u/:token')
  @HttpCode(200)
  async unsubscribeNow(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const language = pageLanguage(request.headers['accept-language']);
    try {
      await this.unsubscribe.execute(token);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'not_found') throw error;
      return page(response, 404, unsubscribePage(language, 'invalid'));
    }
    page(response, 200, unsubscribePage(language, 'done'));
  }

  /** Express answers HEAD with this route too, the method kept: a HEAD is counted as a scanner's. */
  @Get('o/:token')
  async click(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const followed = await this.follow.execute(token, { method: request.method, userAgent: request.headers['user-agent'] ?? null });
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.redirect(303, followed.location);
  }
}

function page(response: Response, status: number, html: string): void {
  response.status(status);
  response.setHeader('Content-Type', 'text/html; charset=utf-8');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
  response.send(html);
}
