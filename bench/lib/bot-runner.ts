import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export interface SpawnedBot {
  url: string;
  emulatorUrl: string;
  pid: number;
  /** Last lines the bot wrote to stderr (warnings/errors), for the report. */
  stderrTail(): string;
  stop(): Promise<void>;
}

/** Spawns bench/bot-process.ts and waits for its ready line. Stopped by its own PID, never by name. */
export function spawnBot(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<SpawnedBot> {
  return spawnBench('bench/bot-process.ts', extraArgs, env);
}

/**
 * Spawns a bench process (bot, reference bot, emulator) that prints a `{"ready":…}` line. `built`: the script is
 * already plain JS (P6's cold starts), so it runs without tsx.
 */
export async function spawnBench(script: string, extraArgs: string[] = [], env: Record<string, string> = {}, built = false): Promise<SpawnedBot> {
  const child = spawn(process.execPath, [...extraArgs, ...(built ? [] : ['--import', 'tsx']), path.join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-4000);
  });
  const ready = await new Promise<{ url: string; emulatorUrl: string; pid: number }>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 60 s: ${err}`)), 60_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { ready: { url: string; emulatorUrl: string; pid: number } }).ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}: ${err}`));
    });
  });
  return { ...ready, stderrTail: () => err, stop: () => stopChild(child) };
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
