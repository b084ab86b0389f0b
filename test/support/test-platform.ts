import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createPlatformApp } from '../../apps/platform/src/create-platform-app';
import { ApiKeysService, Role } from '../../libs/auth/src';
import { loadConfig } from '../../libs/config/src';
import { prepareRuntime } from '../../libs/platform/src';
import { createTestDatabase } from './test-database';

import { REPO_ROOT } from './fixtures';

export { FIXTURES_DIR, REPO_ROOT } from './fixtures';
export const ADMIN_KEY = 'ccm_test_admin_key_0123456789abcdef';

export interface TestPlatform {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  readonly databaseUrl: string;
  /** Issues a key with the given roles through the real service. */
  keyFor(...roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real application on its own freshly migrated database, with only the
 * outside world replaced. `env` overrides configuration variables.
 */
export async function startTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const databaseUrl = await createTestDatabase();
  const config = loadConfig(
    {
      DATABASE_URL: databaseUrl,
      CCM_ADMIN_KEY: ADMIN_KEY,
      CCM_SECRET: 'test-signing-secret-0123456789abcdef-0123',
      CCM_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ccm-test-data-')),
      CCM_TEMPLATES_DIR: path.join(REPO_ROOT, 'templates'),
      CCM_PUBLIC_URL: 'https://billing.example.test',
      LOG_LEVEL: 'error',
      ...env,
    },
    REPO_ROOT,
  );
  const runtime = await prepareRuntime(config, () => undefined);
  const app = await createPlatformApp(runtime);
  const http = request(app.getHttpServer());
  return {
    app,
    http,
    databaseUrl,
    keyFor: async (...roles) => (await app.get(ApiKeysService).issue(`test ${roles.join('+')}`, roles, null)).key,
    close: async () => {
      await app.close();
      await runtime.stop();
    },
  };
}
