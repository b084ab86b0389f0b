import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isBlockedAddress } from './webhook-url.policy';

/** What is kept of a receiver's answer: enough to tell an error page from another. */
export const RESPONSE_BODY_CAP_BYTES = 4096;

export interface WebhookRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface WebhookResponse {
  /** null when no HTTP answer came. */
  readonly statusCode: number | null;
  readonly body: string | null;
  readonly error: string | null;
  readonly durationMs: number;
}

export interface WebhookHttpOptions {
  readonly timeoutMs: number;
  readonly allowPrivateUrls: boolean;
}

/**
 * POSTs one signed payload. Redirects are not followed (a 3xx is a failed
 * try); the whole try, from resolving the name to the last byte kept, has one
 * time limit. Unless private targets are allowed, every address the name
 * resolves to is checked at connection time, and the connection goes to the
 * address checked, so DNS changed after subscribing cannot reach inside.
 */
export class WebhookHttpClient {
  constructor(private readonly options: WebhookHttpOptions) {}

  post(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const url = new URL(request.url);
    const transport = url.protocol === 'https:' ? https : http;
    const body = Buffer.from(request.body, 'utf8');
    return new Promise<WebhookResponse>((resolve) => {
      let settled = false;
      const finish = (outcome: Omit<WebhookResponse, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...outcome, durationMs: Math.round(performance.now() - started) });
      };
      const req = transport.request(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-type': 'application/json', 'content-length': String(body.length), 'user-agent': 'ccm-webhooks/1' },
          lookup: this.options.allowPrivateUrls ? undefined : publicOnlyLookup,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept < RESPONSE_BODY_CAP_BYTES) {
              chunks.push(chunk.subarray(0, RESPONSE_BODY_CAP_BYTES - kept));
              kept += Math.min(chunk.length, RESPONSE_BODY_CAP_BYTES - kept);
            }
            // What is beyond the cap is not worth waiting for.
            if (kept >= RESPONSE_BODY_CAP_BYTES) res.destroy();
          });
          const done = () => finish({ statusCode: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8'), error: null });
          res.on('end', done);
          res.on('close', done);
          res.on('error', done);
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);
      req.on('error', (error) => finish({ statusCode: null, body: null, error: error.message }));
      req.end(body);
    });
  }
}

const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const blocked = list.find((entry) => isBlockedAddress(entry.address));
    if (blocked || !list.length) {
      return callback(Object.assign(new Error(`${hostname} resolves to ${blocked?.address ?? 'nothing'}, a private or reserved address`), { code: 'EBLOCKED' }), '', 0);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0].address, list[0].family);
  });
};
