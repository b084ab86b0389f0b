import 'reflect-metadata';
import { runProcess } from '@app/platform';
import { createApiApp } from './create-api-app';

/** An API-only process; `npm start` runs `apps/platform`, which adds the worker as CCM_PROCESSES says. */
runProcess(async (runtime, logger) => ({ http: await createApiApp(runtime, logger) }));
