import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake provider received, as it arrived. */
export interface ReceivedRequest {
  readonly at: Date;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** The exact body bytes. */
  readonly raw: Buffer;
}

/**
 * How a fake provider answers the next matching requests, instead of
 * accepting them: `temporarily` (429 with Retry-After, or 500), or
 * `permanently` with the provider's own error code. `times` bounds how many
 * requests it applies to (default: every one); `to` limits it to one recipient.
 */
export type Fault =
  | { readonly kind: 'rate-limited'; readonly retryAfter: string; readonly to?: string; readonly times?: number }
  | { readonly kind: 'server-error'; readonly to?: string; readonly times?: number }
  | { readonly kind: 'refused'; readonly status?: number; readonly code: number; readonly message?: string; readonly to?: string; readonly times?: number };

/** How a fake answered one well-formed request: when it arrived, for whom, with which status (and Retry-After). */
export interface Answer {
  readonly at: Date;
  readonly to: string;
  readonly status: number;
  readonly retryAfter?: string;
  readonly idempotencyKey?: string;
}

interface ActiveFault {
  fault: Fault;
  left: number;
}

/** An HTTP server on 127.0.0.1 that records every request and answers by the faults it was told to give, in order. */
export abstract class FakeProviderServer {
  readonly received: ReceivedRequest[] = [];
  /** Every authenticated, well-formed request with the status it got, in order of arrival: what a run checks retries against. */
  readonly answers: Answer[] = [];
  private readonly faults: ActiveFault[] = [];
  private readonly server: Server = createServer((request, response) => void this.onRequest(request, response));
  private port = 0;

  /** Answers the next matching requests with `fault`; faults queue up in the order given. */
  respondWith(fault: Fault): this {
    this.faults.push({ fault, left: fault.times ?? Number.POSITIVE_INFINITY });
    return this;
  }

  /** Back to accepting everything. */
  reset(): void {
    this.faults.length = 0;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** Handles an authenticated, well-formed request: the recipient it is for, or an error answer already sent. */
  protected abstract accept(request: ReceivedRequest, response: ServerResponse): string | null;
  protected abstract success(request: ReceivedRequest, response: ServerResponse): void;
  protected abstract refusal(status: number, code: number, message: string, response: ServerResponse): void;

  protected json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const received: ReceivedRequest = { at: new Date(), method: request.method ?? '', path: request.url ?? '', headers: request.headers, raw: Buffer.concat(chunks) };
    this.received.push(received);
    const to = this.accept(received, response);
    if (to === null) return;
    this.answer(to, received, response);
    const retryAfter = response.getHeader('retry-after');
    const idempotencyKey = received.headers['idempotency-key'];
    this.answers.push({
      at: received.at,
      to,
      status: response.statusCode,
      retryAfter: retryAfter === undefined ? undefined : String(retryAfter),
      idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : undefined,
    });
  }

  private answer(to: string, received: ReceivedRequest, response: ServerResponse): void {
    const active = this.faults.find(({ fault, left }) => left > 0 && (!fault.to || fault.to === to));
    if (!active) return this.success(received, response);
    active.left -= 1;
    const { fault } = active;
    if (fault.kind === 'rate-limited') this.rateLimited(fault.retryAfter, response);
    else if (fault.kind === 'server-error') this.refusal(500, 0, 'Internal server error', response);
    else this.refusal(fault.status ?? 400, fault.code, fault.message ?? 'refused', response);
  }

  protected rateLimited(retryAfter: string, response: ServerResponse): void {
    response.setHeader('Retry-After', retryAfter);
    this.refusal(429, 0, 'Too many requests', response);
  }
}
