import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** The sample billing documents the README's walkthrough posts, kept in the repository. */
export const FIXTURES_DIR = path.resolve(REPO_ROOT, 'examples/documents');

/** The catalog languages every built-in ships, each rendered under one full tag. */
export const LOCALE_TAGS = { en: 'en-US', ar: 'ar-SA', zh: 'zh-CN' } as const;
export type Language = keyof typeof LOCALE_TAGS;

export interface FixtureDocument {
  readonly file: string;
  readonly body: Record<string, any>;
}

/** A sample document as a billing system posts it, with the file it came from. */
export interface SampleDocument {
  readonly file: string;
  readonly type: string;
  readonly locale: string;
  readonly externalRef: string;
  readonly recipient: { customerId: string; name: string; email?: string; phone?: string; whatsapp?: string };
  readonly data: Record<string, unknown>;
}

/** Every sample billing document in `examples/documents/`, by file name. */
export function loadFixtures(): FixtureDocument[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, body: JSON.parse(readFileSync(path.join(FIXTURES_DIR, file), 'utf8')) }));
}

/** The same documents, typed as samples to render. */
export function loadSampleDocuments(): SampleDocument[] {
  return loadFixtures().map(({ file, body }) => ({ file, ...(body as Omit<SampleDocument, 'file'>) }));
}

export function fixture(file: string): Record<string, any> {
  return structuredClone(loadFixtures().find((f) => f.file === file)!.body);
}
