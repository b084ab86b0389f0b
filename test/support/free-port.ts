import { createServer } from 'node:net';

/** Starts tried before a port conflict fails the test. */
const PORT_ATTEMPTS = 5;

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

/** A start that failed because its port was taken between choosing and binding it. */
export class PortTakenError extends Error {
  constructor(output: string) {
    super(`port taken before the process could bind it: ${output}`);
  }
}

/**
 * `start` again, on a new port, each time it fails with a `PortTakenError`: a
 * port found free can be taken before a process binds it (by another test, or
 * as the local end of any outgoing connection). `start` is handed the port to use.
 */
export async function startOnFreePort<T>(start: (port: number) => Promise<T>, firstPort?: number): Promise<T> {
  let port = firstPort ?? (await freePort());
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(port);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw error;
      port = await freePort();
    }
  }
}
