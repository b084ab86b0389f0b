import { randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Checkout Session as the fake Stripe created it, with the request's form fields as sent. */
export interface FakeCheckoutSession {
  readonly id: string;
  /** The form-encoded fields exactly as the `stripe` package sent them, e.g. `line_items[0][price_data][unit_amount]`. */
  readonly params: Readonly<Record<string, string>>;
  readonly idempotencyKey: string | undefined;
  /** What Stripe answered: the session object, `url` pointing at this server. */
  readonly object: Record<string, any>;
}

/** One request the fake received, as it arrived. */
export interface FakeStripeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * Stripe's API on 127.0.0.1, as far as Checkout goes: `POST /v1/checkout/sessions`,
 * form-encoded, `Authorization: Bearer <secret key>`, answered with a
 * `checkout.session` object whose `url` points here. Like Stripe, a repeated
 * `Idempotency-Key` replays the first answer. Every request is recorded; errors
 * come back in Stripe's `{ error: { type, message } }` shape.
 */
export class FakeStripeServer {
  readonly requests: FakeStripeRequest[] = [];
  readonly sessions: FakeCheckoutSession[] = [];
  private readonly byIdempotencyKey = new Map<string, FakeCheckoutSession>();
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = request.url ?? '';
      this.requests.push({ method: request.method ?? '', path, headers: request.headers, body });
      const answer = (status: number, payload: unknown) => {
        response.writeHead(status, { 'Content-Type': 'application/json', 'Request-Id': `req_${randomBytes(8).toString('hex')}` }).end(JSON.stringify(payload));
      };
      if (request.method === 'GET' && path.startsWith('/c/pay/')) {
        // The hosted page a customer is sent to: what a browser lands on after the pay button.
        const session = this.sessions.find((candidate) => path === `/c/pay/${candidate.id}`);
        response.writeHead(session ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
        return response.end(`<!doctype html><html lang="en"><title>Stripe Checkout</title><main><h1>Checkout</h1><p>${session ? `${session.object.amount_total} ${session.object.currency}` : 'No such session'}</p></main></html>`);
      }
      if (request.headers.authorization !== `Bearer ${this.secretKey}`) {
        return answer(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
      }
      if (request.method !== 'POST' || path !== '/v1/checkout/sessions') {
        return answer(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${request.method}: ${path})` } });
      }
      if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        return answer(400, { error: { type: 'invalid_request_error', message: 'Content-Type must be form-encoded' } });
      }
      const idempotencyKey = headerOf(request.headers, 'idempotency-key');
      const replay = idempotencyKey ? this.byIdempotencyKey.get(idempotencyKey) : undefined;
      if (replay) return answer(200, replay.object);
      const params = Object.fromEntries(new URLSearchParams(body));
      const missing = ['mode', 'success_url', 'line_items[0][price_data][currency]', 'line_items[0][price_data][unit_amount]'].filter((name) => !params[name]);
      if (missing.length) return answer(400, { error: { type: 'invalid_request_error', message: `Missing required param: ${missing[0]}`, param: missing[0] } });
      const session = this.create(params, idempotencyKey);
      answer(200, session.object);
    });
  });
  private port = 0;

  constructor(
    readonly secretKey = `sk_test_${randomBytes(12).toString('hex')}`,
    readonly webhookSecret = `whsec_${randomBytes(24).toString('base64')}`,
  ) {}

  /** The sessions started for one document. */
  sessionsFor(documentId: string): FakeCheckoutSession[] {
    return this.sessions.filter((session) => session.object.metadata?.documentId === documentId);
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The variables that point the platform at this server. */
  env(): Record<string, string> {
    return {
      CCM_PAYMENT_PROVIDER: 'stripe',
      CCM_STRIPE_API_URL: this.url,
      CCM_STRIPE_SECRET_KEY: this.secretKey,
      CCM_STRIPE_WEBHOOK_SECRET: this.webhookSecret,
    };
  }

  /**
   * The event Stripe would send once the customer paid: the session completed and
   * paid, with the amount it was created for.
   */
  completedEvent(session: FakeCheckoutSession, type: 'checkout.session.completed' | 'checkout.session.async_payment_succeeded' = 'checkout.session.completed'): string {
    return JSON.stringify({
      id: `evt_${randomBytes(12).toString('hex')}`,
      object: 'event',
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
      data: { object: { ...session.object, status: 'complete', payment_status: 'paid', payment_intent: `pi_${session.id.slice(8, 32)}` } },
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private create(params: Record<string, string>, idempotencyKey: string | undefined): FakeCheckoutSession {
    const id = `cs_test_${randomBytes(24).toString('base64url')}`;
    const metadata = Object.fromEntries(
      Object.entries(params)
        .filter(([name]) => /^metadata\[[^\]]+\]$/.test(name))
        .map(([name, value]) => [name.slice('metadata['.length, -1), value]),
    );
    const object = {
      id,
      object: 'checkout.session',
      mode: params.mode,
      status: 'open',
      payment_status: 'unpaid',
      amount_total: Number(params['line_items[0][price_data][unit_amount]']) * Number(params['line_items[0][quantity]'] ?? 1),
      currency: params['line_items[0][price_data][currency]'],
      client_reference_id: params.client_reference_id ?? null,
      customer_email: params.customer_email ?? null,
      locale: params.locale ?? null,
      metadata,
      payment_intent: null,
      success_url: params.success_url,
      cancel_url: params.cancel_url ?? null,
      url: `${this.url}/c/pay/${id}`,
      livemode: false,
      created: Math.floor(Date.now() / 1000),
    };
    const session = { id, params, idempotencyKey, object };
    this.sessions.push(session);
    if (idempotencyKey) this.byIdempotencyKey.set(idempotencyKey, session);
    return session;
  }
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
