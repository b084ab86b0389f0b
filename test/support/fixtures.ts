import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { FIXTURES_DIR } from './test-platform';

export interface FixtureDocument {
  readonly file: string;
  readonly body: Record<string, any>;
}

/** The sample billing documents shared with every integrator. */
export function loadFixtures(): FixtureDocument[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, body: JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8')) }));
}

export function fixture(file: string): Record<string, any> {
  return structuredClone(loadFixtures().find((f) => f.file === file)!.body);
}
