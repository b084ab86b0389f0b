import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@app/config';
import { JsonLogger } from '@app/observability';
import { closeOnSignal, PlatformModule, prepareRuntime } from '@app/platform';
import { WorkerModule } from './worker.module';

/** A worker-only process: scale these out beside stateless API processes. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new JsonLogger(config.logLevel);
  const runtime = await prepareRuntime(config, (message) => logger.log(message, 'Platform'));

  @Module({ imports: [PlatformModule.forRoot(runtime), WorkerModule] })
  class WorkerProcessModule {}

  const app = await NestFactory.createApplicationContext(WorkerProcessModule, { logger });
  closeOnSignal(app, runtime, logger);
  logger.log('worker started', 'Platform');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
