import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { offlineOpenApiDocument } from '../apps/api/src/openapi-offline';
import { REPO_ROOT } from './support/fixtures';

const COMMITTED = path.join(REPO_ROOT, 'apps/studio/src/api/schema.d.ts');
const CLI = path.join(REPO_ROOT, 'node_modules/openapi-typescript/bin/cli.js');

/** The studio's client is typed by the API as it is now: `npm run studio:api` after any change to a route or DTO. */
describe('the studio API schema', () => {
  it('is what openapi-typescript makes of the OpenAPI document the API serves', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'studio-schema-'));
    const document = path.join(folder, 'openapi.json');
    const generated = path.join(folder, 'schema.d.ts');
    writeFileSync(document, `${JSON.stringify(await offlineOpenApiDocument(REPO_ROOT), null, 2)}\n`);
    execFileSync(process.execPath, [CLI, document, '-o', generated], { stdio: 'pipe' });
    expect(readFileSync(generated, 'utf8') === readFileSync(COMMITTED, 'utf8')).toBe(true);
  }, 120_000);
});
