import type { INestApplication, LoggerService, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw, urlencoded } from 'express';
import type { PlatformRuntime } from '@app/platform';
import { ApiModule } from './api.module';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { requestContextMiddleware } from './http/request-context.middleware';
import { RequestHygienePipe } from './http/request-hygiene.pipe';
import { requestValidationPipe } from './http/validation';
import { setUpOpenApi } from './openapi';
import { STUDIO_PATH, studioStatic } from './studio/studio-static';

const WEBHOOKS_PATH = '/v1/webhooks';
/** The pay and ask pages, whose buttons post HTML forms. */
const LANDING_PATH = '/a';
/** A question of at most 1,000 characters, percent-encoded, and the form's other fields. */
const LANDING_FORM_BYTES = 16 * 1024;

/**
 * The fully configured HTTP application, not yet listening, with the modules
 * given in `alongside` running in the same process: `main`, the one-process
 * root (`apps/platform`) and the e2e tests share it.
 */
export async function createApiApp(runtime: PlatformRuntime, logger?: LoggerService, alongside: readonly Type[] = []): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(runtime, alongside), {
    bodyParser: false,
    logger: logger ?? false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(requestContextMiddleware);
  // The studio is static files behind no key: it signs people in through the API it calls.
  app.use(STUDIO_PATH, studioStatic(runtime.config.studioDir, logger));
  // Provider webhooks are verified over the exact bytes that were signed, so their bodies
  // stay raw (whatever the content type); every other route keeps the JSON parser.
  app.use(WEBHOOKS_PATH, raw({ type: () => true, limit: runtime.config.limits.bodyBytes }));
  app.use(LANDING_PATH, urlencoded({ extended: false, limit: LANDING_FORM_BYTES, parameterLimit: 10 }));
  // The test checkout's button posts an HTML form.
  app.use('/pay/test-checkout', urlencoded({ extended: false, limit: '4kb', parameterLimit: 10 }));
  app.useBodyParser('json', { limit: runtime.config.limits.bodyBytes, type: ['application/json', 'application/*+json'] });
  app.useGlobalPipes(new RequestHygienePipe(), requestValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setUpOpenApi(app);
  await app.init();
  return app;
}
