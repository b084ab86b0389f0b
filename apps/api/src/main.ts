import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { JsonLogger } from '@app/observability';
import { closeOnSignal, prepareRuntime } from '@app/platform';
import { createApiApp } from './create-api-app';

/** An API-only process; `npm start` runs `apps/platform`, which adds the worker as CCM_PROCESSES says. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  const runtime = await prepareRuntime(config, (message) => logger.log(message, 'Platform'));
  const app = await createApiApp(runtime, logger);
  closeOnSignal(app, runtime, logger);
  await app.listen(config.port, config.host);
  logger.log(`listening on ${config.publicUrl} (OpenAPI at ${config.publicUrl}/docs)`, 'Platform');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
