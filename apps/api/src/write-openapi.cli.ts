import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { offlineOpenApiDocument } from './openapi-offline';

/** `npm run studio:api`: writes the OpenAPI document to the path given, for the studio's typed client. */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: write-openapi.cli.js <output.json>');
  const document = await offlineOpenApiDocument(process.cwd());
  writeFileSync(path.resolve(target), `${JSON.stringify(document, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
