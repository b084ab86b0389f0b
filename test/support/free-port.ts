import { createServer } from 'node:net';

/**
 * A port of 127.0.0.1 free at the moment of asking. Nothing reserves it: whoever
 * binds it later must expect it taken (EADDRINUSE) and ask again.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
