import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ActionPurpose } from '@app/actions';
import { APP_CONFIG, AppConfig } from '@app/config';
import {
  AskQuestionUseCase,
  checkoutReturnOf,
  type LandingOutcome,
  type LandingPage,
  LandingPageRenderer,
  pageLanguageOf,
  PressPayUseCase,
  ShowActionPageUseCase,
  type VisitFacts,
} from '@app/landing';
import { Public } from '../auth/access.decorators';
import { LandingThrottle } from './landing.throttle';

/** The first-party cookie a page sets, so its button's POST and a later visit can tell a browser from a scanner. */
const VISITOR_COOKIE = 'ccm_visitor';
const VISITOR_COOKIE_DAYS = 30;

type LandingForm = Record<string, unknown>;

/**
 * The pages behind every message's pay and ask links (`/a/pay/<token>`,
 * `/a/ask/<token>`): no API key, HTML rather than JSON. GET (and HEAD, which
 * Express answers from the same route without the body) only shows; the
 * button POSTs to the same URL. Every answer carries the same strict headers.
 */
@ApiExcludeController()
@Controller('a')
@Public()
export class LandingController {
  private readonly secureCookie: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly showPage: ShowActionPageUseCase,
    private readonly pressPay: PressPayUseCase,
    private readonly askQuestion: AskQuestionUseCase,
    private readonly renderer: LandingPageRenderer,
    private readonly throttle: LandingThrottle,
  ) {
    this.secureCookie = config.publicUrl.startsWith('https:');
  }

  @Get(':purpose/:token')
  async show(@Param('purpose') purpose: string, @Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    if (await this.refused(request, response)) return;
    const visit = visitOf(request);
    if (!isPurpose(purpose)) return this.send(response, { kind: 'not_found', document: null, language: pageLanguageOf(visit.acceptLanguage ?? 'en') });
    const checkout = checkoutReturnOf(request.query.checkout);
    const page = await this.showPage.execute({ purpose, token, visit: { ...visit, method: request.method === 'HEAD' ? 'HEAD' : 'GET' }, ...(checkout ? { checkout } : {}) });
    if (!visit.hasCookie) this.setVisitorCookie(response);
    this.send(response, page);
  }

  @Post(':purpose/:token')
  async press(
    @Param('purpose') purpose: string,
    @Param('token') token: string,
    @Body() form: LandingForm,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    if (await this.refused(request, response)) return;
    const visit = visitOf(request);
    const fields = typeof form === 'object' && form !== null ? form : {};
    let outcome: LandingOutcome;
    if (purpose === 'pay') {
      outcome = await this.pressPay.execute({ token, pressToken: fields.press, visit });
    } else if (purpose === 'ask') {
      outcome = await this.askQuestion.execute({ token, pressToken: fields.press, topic: fields.topic, line: fields.line, message: fields.message, visit });
    } else {
      outcome = { kind: 'page', page: { kind: 'not_found', document: null, language: pageLanguageOf(visit.acceptLanguage ?? 'en') } };
    }
    if (outcome.kind === 'redirect') {
      setStrictHeaders(response, "default-src 'none'; frame-ancestors 'none'");
      response.status(303).location(outcome.location).end();
      return;
    }
    this.send(response, outcome.page);
  }

  /** Over the limit: the 429 page, and true. */
  private async refused(request: Request, response: Response): Promise<boolean> {
    const wait = await this.throttle.retryAfter(request.socket.remoteAddress ?? 'unknown');
    if (!wait) return false;
    this.send(response, { kind: 'too_many', document: null, language: pageLanguageOf(visitOf(request).acceptLanguage ?? 'en'), retryAfterSeconds: wait });
    return true;
  }

  private send(response: Response, page: LandingPage): void {
    const rendered = this.renderer.render(page);
    setStrictHeaders(response, rendered.contentSecurityPolicy);
    if (rendered.retryAfterSeconds) response.setHeader('Retry-After', String(rendered.retryAfterSeconds));
    response.status(rendered.status).type('text/html; charset=utf-8').send(rendered.html);
  }

  private setVisitorCookie(response: Response): void {
    response.cookie(VISITOR_COOKIE, randomBytes(16).toString('base64url'), {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.secureCookie,
      path: '/a/',
      maxAge: VISITOR_COOKIE_DAYS * 24 * 3600 * 1000,
    });
  }
}

function setStrictHeaders(response: Response, contentSecurityPolicy: string): void {
  response.setHeader('Content-Security-Policy', contentSecurityPolicy);
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('X-Frame-Options', 'DENY');
}

function isPurpose(value: string): value is ActionPurpose {
  return value === 'pay' || value === 'ask';
}

function visitOf(request: Request): VisitFacts {
  const cookies = request.headers.cookie ?? '';
  return {
    method: request.method === 'HEAD' ? 'HEAD' : request.method === 'POST' ? 'POST' : 'GET',
    userAgent: header(request, 'user-agent'),
    acceptLanguage: header(request, 'accept-language'),
    hasCookie: cookies.split(';').some((part) => part.trim().startsWith(`${VISITOR_COOKIE}=`)),
    clientAddress: request.socket.remoteAddress ?? 'unknown',
  };
}

function header(request: Request, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
