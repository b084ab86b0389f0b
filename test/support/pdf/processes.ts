import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProcessRow {
  pid: number;
  ppid: number;
  state: string;
  command: string;
}

export async function processTable(): Promise<ProcessRow[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,stat=,args=']);
  return stdout.split('\n').filter((line) => line.trim() !== '').map((line) => {
    const [pid, ppid, state, ...args] = line.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), state, command: args.join(' ') };
  });
}

/** Every Chromium process started, directly or not, by this test process. */
export async function chromiumDescendants(root: number = process.pid): Promise<ProcessRow[]> {
  const table = await processTable();
  const found: ProcessRow[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const row of table) {
      if (parents.has(row.ppid) && !parents.has(row.pid)) {
        parents.add(row.pid);
        grew = true;
        if (/chrom/i.test(row.command)) found.push(row);
      }
    }
  }
  return found;
}

/** Alive and not a zombie waiting to be reaped. */
export async function livingPids(pids: readonly number[]): Promise<number[]> {
  const table = await processTable();
  return table.filter((row) => pids.includes(row.pid) && !row.state.startsWith('Z')).map((row) => row.pid);
}
