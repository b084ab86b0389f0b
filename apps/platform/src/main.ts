import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { JsonLogger } from '@app/observability';
import { closeOnSignal, prepareRuntime } from '@app/platform';
import { createWorkerApp } from '../../worker/src/create-worker-app';
import { createPlatformApp } from './create-platform-app';

/**
 * `npm start`: what CCM_PROCESSES names in one process — the API and the
 * worker (the default), or either alone — on embedded PostgreSQL unless
 * DATABASE_URL is set.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  const runtime = await prepareRuntime(config, (message) => logger.log(message, 'Platform'));
  if (!config.processes.has('api')) {
    closeOnSignal(await createWorkerApp(runtime, logger), runtime, logger);
    logger.log('worker started', 'Platform');
    return;
  }
  const app = await createPlatformApp(runtime, logger);
  closeOnSignal(app, runtime, logger);
  await app.listen(config.port, config.host);
  logger.log(`listening on ${config.publicUrl} (OpenAPI at ${config.publicUrl}/docs)`, 'Platform');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
