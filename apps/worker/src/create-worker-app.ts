import { type INestApplicationContext, type LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PlatformModule, type PlatformRuntime } from '@app/platform';
import { WorkerModule } from './worker.module';

/** A process that only consumes jobs: no HTTP. `main` and the one-process root (`apps/platform`) share it. */
export async function createWorkerApp(runtime: PlatformRuntime, logger?: LoggerService): Promise<INestApplicationContext> {
  @Module({ imports: [PlatformModule.forRoot(runtime), WorkerModule] })
  class WorkerProcessModule {}

  return NestFactory.createApplicationContext(WorkerProcessModule, { logger: logger ?? false });
}
