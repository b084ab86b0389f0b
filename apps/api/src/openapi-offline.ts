import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@app/config';
import type { PlatformRuntime } from '@app/platform';
import { ApiModule } from './api.module';
import { openApiDocument } from './openapi';

/**
 * The OpenAPI document the API serves at /docs-json, built without a database
 * or a listening port: Nest's preview mode resolves the module graph and the
 * controllers' metadata but instantiates no provider, so nothing connects.
 */
export async function offlineOpenApiDocument(repoRoot: string): Promise<OpenAPIObject> {
  const config = loadConfig({ LOG_LEVEL: 'error' }, repoRoot);
  const runtime: PlatformRuntime = {
    config,
    databaseUrl: 'postgres://unused@127.0.0.1:1/unused',
    signingSecret: 'unused-in-preview-mode',
    auditKeys: [{ id: 'unused', secret: 'unused-in-preview-mode-0123456789abcdef' }],
    stop: async () => undefined,
  };
  const app = await NestFactory.create(ApiModule.register(runtime), { preview: true, logger: false });
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}
