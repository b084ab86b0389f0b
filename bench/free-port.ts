import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port of 127.0.0.1 free at the moment of asking, for a server the run starts. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}
