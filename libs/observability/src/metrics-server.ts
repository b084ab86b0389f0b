import { createServer, Server } from 'node:http';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics';

/**
 * `GET /metrics` on its own port, for processes without the HTTP API (workers):
 * their job latencies and PDF pool exist only in their own memory. It serves
 * counts and timings only, nothing else; bind it where only Prometheus reaches.
 */
export async function serveMetrics(port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    metricsText().then(
      (text) => response.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE, 'Cache-Control': 'no-store' }).end(text),
      () => response.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  server.unref();
  return server;
}
