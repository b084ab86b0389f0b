import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { JsonLogger } from '@app/observability';
import { closeOnSignal, prepareRuntime } from '@app/platform';
import { createWorkerApp } from './create-worker-app';

/** A worker-only process: scale these out beside stateless API processes. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  const runtime = await prepareRuntime(config, (message) => logger.log(message, 'Platform'));
  const app = await createWorkerApp(runtime, logger);
  closeOnSignal(app, runtime, logger);
  logger.log('worker started', 'Platform');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
