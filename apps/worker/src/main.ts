import 'reflect-metadata';
import { runProcess } from '@app/platform';
import { createWorkerApp } from './create-worker-app';

/** A worker-only process: scale these out beside stateless API processes. */
runProcess(async (runtime, logger) => ({ jobs: await createWorkerApp(runtime, logger) }));
