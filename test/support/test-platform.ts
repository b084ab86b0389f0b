import type { INestApplication } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { createPlatformApp } from '../../apps/platform/src/create-platform-app';
import { IssueApiKeyUseCase, KeyHolder, Role } from '../../libs/auth/src';
import { loadConfig } from '../../libs/config/src';
import { prepareRuntime } from '../../libs/platform/src';
import { createTestDatabase } from './test-database';

import { REPO_ROOT } from './fixtures';

export { FIXTURES_DIR, REPO_ROOT } from './fixtures';
export const ADMIN_KEY = 'ccm_test_admin_key_0123456789abcdef';

export interface TestPlatform {
  readonly app: INestApplication;
  readonly http: ReturnType<typeof request>;
  /** The test database as its owner (a superuser): what only an administrator could do. */
  readonly databaseUrl: string;
  /** The same database as the platform's runtime role sees it. */
  readonly runtimeDatabaseUrl: string;
  /** Issues a key with the given roles through the real service, to a new person each time. */
  keyFor(...roles: Role[]): Promise<string>;
  /** Issues a key with the given roles to the named person or machine (a second key of the same person stays that person). */
  keyOf(holder: KeyHolder, ...roles: Role[]): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real application on its own freshly migrated database, with only the
 * outside world replaced. `env` overrides configuration variables.
 */
export async function startTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  // A test that restarts the platform on the same database passes DATABASE_URL itself.
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
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
  let people = 0;
  return {
    app,
    http,
    databaseUrl,
    runtimeDatabaseUrl: runtime.databaseUrl,
    keyFor: async (...roles) => {
      people += 1;
      const holder: KeyHolder = { kind: 'person', email: `person-${people}@test.example`, name: `Test person ${people} (${roles.join('+')})` };
      return (await app.get(IssueApiKeyUseCase).execute({ name: `test ${roles.join('+')}`, roles, holder }, null)).key;
    },
    keyOf: async (holder, ...roles) => (await app.get(IssueApiKeyUseCase).execute({ name: `test ${roles.join('+')}`, roles, holder }, null)).key,
    close: async () => {
      await app.close();
      await runtime.stop();
    },
  };
}
