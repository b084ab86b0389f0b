import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `file` names without its
 * extension, beside the caller. Built, that module is JavaScript and the
 * thread runs it as it is. Run from source (the tests), it is TypeScript: the
 * thread first teaches `require` to compile `.ts` with the same swc settings
 * as the build (`.swcrc`, path aliases included), then loads it.
 */
export function startWorker(callerFile: string, module: string, options: WorkerOptions = {}): Worker {
  const extension = path.extname(callerFile);
  const entry = path.join(path.dirname(callerFile), `${module}${extension}`);
  if (extension !== '.ts') return new Worker(entry, options);
  return new Worker(fromSource(entry), { ...options, eval: true });
}

function fromSource(entry: string): string {
  const root = projectRoot(entry);
  return `
    const { createRequire } = require('node:module');
    const { readFileSync } = require('node:fs');
    const local = createRequire(${JSON.stringify(path.join(root, 'package.json'))});
    const { transformSync } = local('@swc/core');
    const settings = JSON.parse(readFileSync(${JSON.stringify(path.join(root, '.swcrc'))}, 'utf8'));
    delete settings.$schema;
    settings.jsc.baseUrl = ${JSON.stringify(root)};
    require.extensions['.ts'] = (module, filename) => {
      const { code } = transformSync(readFileSync(filename, 'utf8'), { ...settings, filename, swcrc: false, sourceMaps: 'inline' });
      module._compile(code, filename);
    };
    local(${JSON.stringify(entry)});
  `;
}

function projectRoot(from: string): string {
  let dir = path.dirname(from);
  while (!existsSync(path.join(dir, '.swcrc'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No .swcrc above ${from}: cannot run ${path.basename(from)} from source`);
    dir = parent;
  }
  return dir;
}
