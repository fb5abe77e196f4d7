/**
 * P6: cold start of the built bot (`node dist/src/index.js`, local mode: embedded emulator + Azurite on disk) until
 * /healthz answers 200, and the idle RSS of the bot process. Azurite is a child process, so its RSS is reported on
 * its own rather than hidden in, or added to, the bot's.
 *
 * The P1 reference bot (teams-ai `Application`, one SDK client, no storage) is cold-started in the same run, built to
 * plain JS like JobOps (no tsx at start), so JobOps' figures come with the floor of the stack they share.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../src/storage/azurite';
import { ROOT, spawnBench, stopChild } from './lib/bot-runner';
import { MB, childPids, commandLine, cpuMs, isAlive, rssBytes } from './lib/proc';
import { BenchResult, row } from './lib/result';
import { median, round, sleep } from './lib/stats';

const RUNS = 5;
const IDLE_SETTLE_MS = 3_000;

interface ColdStart {
  readyMs: number;
  /** CPU the bot and its Azurite child had used by the time /healthz said 200: stable even when the machine is busy. */
  botCpuMs: number;
  azuriteCpuMs: number;
  botRssMb: number;
  azuriteRssMb?: number;
}

async function waitHealthy(url: string, child: { exitCode: number | null }, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode} before /healthz`);
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // Not listening yet: keep polling.
    }
    await sleep(10);
  }
  throw new Error(`/healthz not 200 within ${deadlineMs} ms`);
}

async function coldStart(): Promise<ColdStart> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-bench-cold-'));
  const started = process.hrtime.bigint();
  // The same node flags as `npm start` (package.json): a small young generation keeps idle RSS down.
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--disable-warning=DEP0111', path.join(ROOT, 'dist/src/index.js')], {
    cwd: ROOT,
    // The Playground is a separate dev client; P6 measures the bot (its RSS is read apart anyway).
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), PORT: String(port), AZURITE_LOCATION: dir, LOG_LEVEL: 'warn', PLAYGROUND: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (b: Buffer) => {
    err = (err + b.toString()).slice(-2000);
  });
  let azurite: number[] = [];
  try {
    await waitHealthy(`http://127.0.0.1:${port}/healthz`, child, 30_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${err}`);
    });
    const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const pid = child.pid!;
    azurite = childPids(pid).filter((p) => commandLine(p).includes('azurite'));
    const botCpuMs = cpuMs(pid) ?? Number.NaN;
    const azuriteCpuMs = azurite.map((p) => cpuMs(p) ?? 0).reduce((a, b) => a + b, 0);
    await sleep(IDLE_SETTLE_MS);
    const botRss = rssBytes(pid) ?? Number.NaN;
    const azRss = azurite.map((p) => rssBytes(p) ?? 0).reduce((a, b) => a + b, 0);
    return { readyMs, botCpuMs, azuriteCpuMs, botRssMb: round(botRss / MB, 1), azuriteRssMb: azurite.length ? round(azRss / MB, 1) : undefined };
  } finally {
    await stopChild(child);
    // The bot stops its Azurite on SIGTERM; make sure, by PID, that it really did.
    for (const p of azurite) if (isAlive(p)) process.kill(p, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const REFERENCE_JS = 'dist/bench/reference-bot.js';

/** The reference bot as one file of our code; its packages stay in node_modules, loaded as JobOps loads them. */
async function buildReference(): Promise<void> {
  const { build } = await import('esbuild');
  await build({ entryPoints: [path.join(ROOT, 'bench/reference-bot.ts')], bundle: true, packages: 'external', platform: 'node', target: 'node20', outfile: path.join(ROOT, REFERENCE_JS), logLevel: 'error' });
}

/** Spawn to its `{"ready":…}` line (it listens before printing it), then its idle RSS; no storage child to count. */
async function referenceColdStart(): Promise<ColdStart> {
  const started = process.hrtime.bigint();
  // Any URL: the reference makes no Azure call until a message comes.
  const ref = await spawnBench(REFERENCE_JS, ['--max-semi-space-size=4', '--disable-warning=DEP0111'], { BENCH_ARM_ENDPOINT: 'http://127.0.0.1:9', BENCH_ROOT: ROOT }, true);
  try {
    const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
    const botCpuMs = cpuMs(ref.pid) ?? Number.NaN;
    await sleep(IDLE_SETTLE_MS);
    return { readyMs, botCpuMs, azuriteCpuMs: 0, botRssMb: round((rssBytes(ref.pid) ?? Number.NaN) / MB, 1) };
  } finally {
    await ref.stop();
  }
}

export async function runP6(): Promise<BenchResult> {
  // Builds only when dist/ is older than src/ (the same check `npm start` uses).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-if-needed.js')], { cwd: ROOT, stdio: 'inherit' });
  await buildReference();
  const runs: ColdStart[] = [];
  const refs: ColdStart[] = [];
  // Alternating, so a change in the machine's load falls on both alike.
  for (let i = 0; i < RUNS; i++) {
    runs.push(await coldStart());
    refs.push(await referenceColdStart());
  }
  const refReady = median(refs.map((r) => r.readyMs));
  const refRss = median(refs.map((r) => r.botRssMb));
  const ready = median(runs.map((r) => r.readyMs));
  const rss = median(runs.map((r) => r.botRssMb));
  const az = median(runs.map((r) => r.azuriteRssMb ?? Number.NaN));
  const all = (f: (r: ColdStart) => number | undefined): string => runs.map((r) => String(round(f(r) ?? Number.NaN, 0))).join(', ');
  return {
    rows: [
      row('P6', `cold start to /healthz 200 (median of ${RUNS})`, round(ready / 1000, 2), 's', { text: '≤ 3 s', ok: ready <= 3000 }, `runs (ms): ${all((r) => r.readyMs)}`),
      row('P6', 'CPU used until ready: bot process / Azurite child', `${round(median(runs.map((r) => r.botCpuMs)), 0)} / ${round(median(runs.map((r) => r.azuriteCpuMs)), 0)}`, 'ms', undefined, 'wall time above exceeds this when other processes compete for the 2 cores'),
      row('P6', `idle RSS, bot process (${IDLE_SETTLE_MS / 1000} s after ready)`, rss, 'MB', { text: '≤ 150 MB', ok: rss <= 150 }, `runs: ${all((r) => r.botRssMb)}`),
      row('P6', 'idle RSS, Azurite child process', az, 'MB', undefined, 'separate process; not in the bot figure'),
      row('P6', `reference bot: cold start to listening (median of ${RUNS})`, round(refReady / 1000, 2), 's', undefined, `runs (ms): ${refs.map((r) => round(r.readyMs, 0)).join(', ')}; CPU until ready ${round(median(refs.map((r) => r.botCpuMs)), 0)} ms`),
      row('P6', 'reference bot: idle RSS', refRss, 'MB', undefined, `runs: ${refs.map((r) => round(r.botRssMb, 0)).join(', ')}`),
      row('P6', 'cold start, JobOps (with Azurite and the emulator) ÷ reference', round(ready / refReady, 2), '×', undefined, 'same run, alternating'),
      row('P6', 'idle RSS, JobOps ÷ reference', round(rss / refRss, 2), '×', undefined, 'same run'),
    ],
    detail: { runs, reference: refs },
  };
}
