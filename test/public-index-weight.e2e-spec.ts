import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './support/fixtures';

/**
 * What a process pays for one lib: the built public index, loaded alone in a
 * fresh Node, and every module that came with it. An API key check or an
 * audit verification must not start by loading a browser driver and an email
 * compiler (`npm test` builds `dist/` before this runs).
 */
function modulesLoadedBy(lib: string): string[] {
  const index = path.join(REPO_ROOT, 'dist/libs', lib, 'src/index.js');
  if (!existsSync(index)) throw new Error(`${index} is missing: run \`npm run build\` first`);
  const script = `require('reflect-metadata'); require(${JSON.stringify(index)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' })) as string[];
}

function packagesIn(modules: readonly string[]): Set<string> {
  const names = modules.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.split(path.sep).join('/'))?.[1]);
  return new Set(names.filter((name): name is string => name !== undefined));
}

describe('public indexes of the libs below rendering', () => {
  it.each(['auth', 'audit', 'contracts'])('@app/%s loads neither puppeteer, MJML, Handlebars nor pdf-lib', (lib) => {
    const modules = modulesLoadedBy(lib);
    const packages = packagesIn(modules);
    for (const heavy of ['puppeteer', 'puppeteer-core', 'mjml', 'mjml-core', 'handlebars', 'pdf-lib']) expect(packages).not.toContain(heavy);
    // No file of the rendering side of the platform either: not only its packages.
    expect(modules.filter((file) => /dist\/libs\/(rendering|templating|composer)\//.test(file.split(path.sep).join('/')))).toEqual([]);
  });

  it('@app/contracts, the floor, loads no package at all', () => {
    expect([...packagesIn(modulesLoadedBy('contracts'))].filter((name) => name !== 'reflect-metadata')).toEqual([]);
  });
});
