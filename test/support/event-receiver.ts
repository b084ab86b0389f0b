import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export /** A billing system's endpoint verifying every event with the `standardwebhooks` package. */
class EventReceiver {
  readonly events: Array<{ type: string; data: Record<string, any> }> = [];
  secret = '';
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        this.events.push(new Webhook(this.secret).verify(Buffer.concat(chunks).toString('utf8'), request.headers as Record<string, string>) as never);
        response.statusCode = 204;
      } catch {
        response.statusCode = 400;
      }
      response.end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
