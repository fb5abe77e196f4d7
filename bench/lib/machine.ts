import { execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { ROOT } from './bot-runner';

export interface Machine {
  date: string;
  commit: string;
  dirty: boolean;
  nproc: number;
  cpuModel: string;
  memTotalGiB: number;
  memAvailableGiB: number;
  freeH: string;
  node: string;
  platform: string;
}

function sh(cmd: string): string {
  try {
    return execSync(cmd, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function machine(): Machine {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    date: new Date().toISOString(),
    commit: sh('git rev-parse --short HEAD'),
    // Uncommitted changes under src/ would make the figures describe code no commit has.
    dirty: sh('git status --porcelain -- src').length > 0,
    nproc: os.availableParallelism(),
    cpuModel: cpu.trim(),
    memTotalGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    memAvailableGiB: Math.round((os.freemem() / 2 ** 30) * 10) / 10,
    freeH: sh('free -h'),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
