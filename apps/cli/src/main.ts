#!/usr/bin/env node
import { SingleBar } from 'cli-progress';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';

/**
 * `ccm`: the platform from a terminal.
 *
 *   ccm batch send <file.ndjson> [--url http://localhost:3000] [--key-file <file>] [--failures <file>]
 *   ccm batch status <id> [--url …] [--key-file …]
 *
 * The API key is read from a file (default `.ccm-key`), never from the command line, where
 * other users of the machine could read it. `send` streams the file gzipped, shows the lines
 * decided with their rate and ETA, prints a summary table, and when lines were refused writes
 * them with their errors to the failures file and exits 1.
 */
interface Options {
  readonly url: string;
  readonly keyFile: string;
  readonly failures: string;
  readonly args: string[];
}

function parse(argv: string[]): Options {
  const options = { url: 'http://localhost:3000', keyFile: '.ccm-key', failures: 'failures.ndjson', args: [] as string[] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--url') options.url = argv[++i];
    else if (flag === '--key-file') options.keyFile = argv[++i];
    else if (flag === '--failures') options.failures = argv[++i];
    else if (flag.startsWith('--')) throw new Error(`unknown option ${flag}`);
    else options.args.push(flag);
  }
  return { ...options, url: options.url.replace(/\/+$/, '') };
}

function keyOf(options: Options): string {
  const key = readFileSync(options.keyFile, 'utf8').trim();
  if (!key) throw new Error(`${options.keyFile} is empty`);
  return key;
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line.trim()) lines += 1;
  return lines;
}

async function send(options: Options, file: string): Promise<number> {
  const total = await countLines(file);
  // The bar goes to stderr, so stdout keeps only the summary a script reads; where stderr is no
  // terminal (CI, a pipe, a log file) it prints a plain line every few seconds instead of redrawing.
  const bar = new SingleBar({
    format: 'lines {bar} {value}/{total} | {rate} lines/s | ETA {eta_formatted} | refused {refused}',
    stream: process.stderr,
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 5_000,
  });
  bar.start(total, 0, { rate: '0', refused: 0 });
  const started = Date.now();
  const response = await fetch(`${options.url}/v1/batches`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${keyOf(options)}`, 'Content-Type': 'application/x-ndjson', 'Content-Encoding': 'gzip' },
    body: Readable.toWeb(createReadStream(file).pipe(createGzip())) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  if (response.status !== 201 || !response.body) {
    bar.stop();
    console.error(`The platform answered ${response.status}: ${await response.text()}`);
    return 2;
  }
  const failures: string[] = [];
  let decided = 0;
  let summary: { id: string; lines: number; counts: Record<string, number> } | undefined;
  let broken: string | undefined;
  for await (const line of createInterface({ input: Readable.fromWeb(response.body as never), crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    const result = JSON.parse(line) as { line?: number; status?: string; batch?: typeof summary; error?: { message: string } };
    if (result.batch) summary = result.batch;
    else if (result.error) broken = result.error.message;
    else {
      decided += 1;
      if (result.status === 'refused') failures.push(line);
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(decided, { rate: (decided / seconds).toFixed(0), refused: failures.length });
    }
  }
  bar.stop();
  if (summary) {
    console.log(`\nbatch ${summary.id}`);
    console.table({ lines: summary.lines, ...summary.counts });
  }
  if (broken) console.error(`The batch broke off: ${broken}`);
  if (failures.length) {
    writeFileSync(options.failures, `${failures.join('\n')}\n`);
    console.error(`${failures.length} line(s) refused: see ${options.failures}`);
  }
  return failures.length || broken || !summary ? 1 : 0;
}

async function status(options: Options, id: string): Promise<number> {
  const response = await fetch(`${options.url}/v1/batches/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${keyOf(options)}` } });
  const body = (await response.json()) as { counts?: Record<string, number>; detail?: string; renderedPerSecond?: number | null; completedAt?: string | null };
  if (!response.ok) {
    console.error(`${response.status}: ${body.detail ?? JSON.stringify(body)}`);
    return 2;
  }
  console.table({ ...body.counts, 'rendered/s': body.renderedPerSecond ?? '–' });
  console.log(body.completedAt ? `completed ${body.completedAt}` : 'still rendering');
  return 0;
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const [noun, verb, target] = options.args;
  if (noun === 'batch' && verb === 'send' && target) return send(options, target);
  if (noun === 'batch' && verb === 'status' && target) return status(options, target);
  console.error('usage: ccm batch send <file.ndjson> | ccm batch status <id>  [--url <platform>] [--key-file <file>] [--failures <file>]');
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
