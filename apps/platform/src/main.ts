import 'reflect-metadata';
import { runProcess } from '@app/platform';
import { createWorkerApp } from '../../worker/src/create-worker-app';
import { createPlatformApp } from './create-platform-app';

/**
 * `npm start`: what CCM_PROCESSES names in one process — the API and the
 * worker (the default), or either alone — on embedded PostgreSQL unless
 * DATABASE_URL is set.
 */
runProcess(async (runtime, logger) =>
  runtime.config.processes.has('api')
    ? { http: await createPlatformApp(runtime, logger) }
    : { jobs: await createWorkerApp(runtime, logger) },
);
