import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESPONSE_BODY_CAP_BYTES, WebhookHttpClient } from './webhook-http.client';

describe('WebhookHttpClient (a real HTTP server on 127.0.0.1)', () => {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/moved') {
      res.writeHead(302, { location: '/elsewhere' }).end();
    } else if (req.url === '/chatty') {
      res.writeHead(500).end('x'.repeat(RESPONSE_BODY_CAP_BYTES * 4));
    } else if (req.url === '/silent') {
      // Never answers: the client's time limit ends the try.
    } else {
      req.resume();
      req.on('end', () => res.writeHead(200).end('thanks'));
    }
  });
  let base: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = (allowPrivateUrls: boolean, timeoutMs = 30_000) => new WebhookHttpClient({ timeoutMs, allowPrivateUrls });
  const post = (c: WebhookHttpClient, path: string) => c.post({ url: `${base}${path}`, headers: { 'webhook-id': 'msg_1' }, body: '{}' });

  it('answers with the status and the body', async () => {
    expect(await post(client(true), '/ok')).toMatchObject({ statusCode: 200, body: 'thanks', error: null });
  });

  it('does not follow redirects', async () => {
    const before = requests.length;
    expect(await post(client(true), '/moved')).toMatchObject({ statusCode: 302 });
    expect(requests.slice(before)).toEqual(['/moved']);
  });

  it('keeps only the start of a long answer', async () => {
    const response = await post(client(true), '/chatty');
    expect(response.statusCode).toBe(500);
    expect(response.body).toHaveLength(RESPONSE_BODY_CAP_BYTES);
  });

  it('gives up on a receiver that never answers', async () => {
    const response = await post(client(true, 300), '/silent');
    expect(response).toMatchObject({ statusCode: null, error: expect.stringMatching(/no answer within 300 ms/) });
  });

  it('refuses a host name that resolves to a loopback address at send time, without connecting', async () => {
    const before = requests.length;
    const response = await post(client(false), '/ok');
    expect(response.statusCode).toBeNull();
    expect(response.error).toMatch(/private or reserved address/);
    expect(requests.length).toBe(before);
  });
});
