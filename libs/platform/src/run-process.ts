import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { JsonLogger, serveMetrics } from '@app/observability';
import { closeOnSignal } from './graceful-shutdown';
import { PlatformRuntime, prepareRuntime } from './platform-runtime';

/** What an entry point serves: an HTTP application to listen with, or a context (a worker) that only runs jobs. */
export type ProcessApp = { readonly http: INestApplication } | { readonly jobs: INestApplicationContext };

/**
 * The life every entry point shares: configuration read once, the runtime
 * prepared (database, migrations, secrets), the app built, closed on SIGTERM,
 * listening when it speaks HTTP. A start that fails exits 1 with its stack.
 */
export function runProcess(build: (runtime: PlatformRuntime, logger: JsonLogger) => Promise<ProcessApp>): void {
  start(build).catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}

async function start(build: (runtime: PlatformRuntime, logger: JsonLogger) => Promise<ProcessApp>): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  const runtime = await prepareRuntime(config, (message) => logger.log(message, 'Platform'));
  const built = await build(runtime, logger);
  if ('jobs' in built) {
    closeOnSignal(built.jobs, runtime, logger);
    if (config.worker.metricsPort) {
      await serveMetrics(config.worker.metricsPort, config.host);
      logger.log(`worker metrics at http://${config.host}:${config.worker.metricsPort}/metrics`, 'Platform');
    }
    logger.log('worker started', 'Platform');
    return;
  }
  closeOnSignal(built.http, runtime, logger);
  await built.http.listen(config.port, config.host);
  logger.log(`listening on ${config.publicUrl} (OpenAPI at ${config.publicUrl}/docs)`, 'Platform');
}
