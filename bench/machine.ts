import * as os from 'node:os';

export interface MachineFacts {
  readonly cpu_model: string;
  readonly cpus: number;
  readonly memory_gb: number;
  readonly os: string;
  readonly node: string;
  readonly chromium: string;
}

/** What a reader needs to compare this run with one on another machine. */
export function describeMachine(chromium: string): MachineFacts {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    cpus: cpus.length,
    memory_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    chromium: chromium.replace(/^(Headless)?Chrome\//, ''),
  };
}
