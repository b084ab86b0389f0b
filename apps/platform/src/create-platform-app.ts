import type { INestApplication, LoggerService } from '@nestjs/common';
import type { PlatformRuntime } from '@app/platform';
import { createApiApp } from '../../api/src/create-api-app';
import { WorkerModule } from '../../worker/src/worker.module';

/**
 * The HTTP API with the worker in the same process when CCM_PROCESSES names
 * both (the default): `main` and the e2e tests share it.
 */
export async function createPlatformApp(runtime: PlatformRuntime, logger?: LoggerService): Promise<INestApplication> {
  return createApiApp(runtime, logger, runtime.config.processes.has('worker') ? [WorkerModule] : []);
}
