import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * A jest worker killed on timeout (or a bot killed with SIGKILL) cannot stop its Azurite child; before, the child
 * lived on as an orphan holding a port and a core. Now it watches its parent and closes itself.
 */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('Azurite does not outlive a killed parent', () => {
  it('the Azurite child exits within seconds after its parent is killed with SIGKILL', async () => {
    const parent = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../helpers/azurite-parent.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('Azurite did not start in 30 s')), 30_000);
        parent.stdout.on('data', (b: Buffer) => {
          if (b.toString().includes('"port"')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const children = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(parent.pid)], { encoding: 'utf8' });
      const azurite = children.split('\n').find((l) => l.includes('--tablePort'));
      expect(azurite).toBeDefined();
      const pid = Number(azurite!.trim().split(/\s+/)[0]);
      expect(alive(pid)).toBe(true);
      parent.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(alive(pid)).toBe(false);
    } finally {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    }
  }, 60_000);
});
