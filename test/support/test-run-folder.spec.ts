import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RUN_FOLDER_PREFIX, removeAbandonedRunFolders, runFolderOwner } from './test-run-folder';

async function deadPid(): Promise<number> {
  const child = spawn('true');
  await once(child, 'exit');
  return child.pid!;
}

describe('test run folders', () => {
  it("puts every test's temporary files into its run's folder, which teardown removes", () => {
    const folder = path.basename(tmpdir());
    expect(folder.startsWith(RUN_FOLDER_PREFIX)).toBe(true);
    // Named after the jest process that ran global setup: this one, or the parent of this worker.
    expect([process.pid, process.ppid]).toContain(runFolderOwner(folder));
  });

  describe('at the next run', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(path.join(tmpdir(), 'ccm-run-folders-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('removes the folders of dead runs and ends what still runs from them, but not the folders of living runs', async () => {
      const dead = path.join(root, `${RUN_FOLDER_PREFIX}${await deadPid()}-aB3dE9`);
      mkdirSync(path.join(dead, 'postgres'), { recursive: true });
      writeFileSync(path.join(dead, 'postgres', 'PG_VERSION'), '18\n');
      // Stands in for the embedded PostgreSQL a killed run leaves running on its folder.
      const leftover = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', path.join(dead, 'postgres')], { stdio: 'ignore' });
      const exited = once(leftover, 'exit');
      await once(leftover, 'spawn');
      const living = path.join(root, `${RUN_FOLDER_PREFIX}${process.ppid}-fG5hI7`);
      mkdirSync(living);
      const unrelated = path.join(root, 'ccm-something-else');
      mkdirSync(unrelated);

      expect(await removeAbandonedRunFolders(root)).toEqual([dead]);

      expect(existsSync(dead)).toBe(false);
      expect(existsSync(living)).toBe(true);
      expect(existsSync(unrelated)).toBe(true);
      // Should the sweep miss it, the test still ends, failing on the signal.
      const stop = setTimeout(() => leftover.kill('SIGTERM'), 20_000);
      const [, signal] = await exited;
      clearTimeout(stop);
      expect(signal).toBe('SIGKILL');
    });
  });
});
