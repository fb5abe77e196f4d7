/**
 * P5: a 5,000-event Event Grid batch (≤ 1 MB) POSTed to /api/events, time to the 200 acknowledgement with every row
 * durably stored in Azurite (on disk), counted after each run. The bot runs in its own process (this file with
 * `--serve`) with its own config: a workspace with short ARM names, because a real Azure ML event (~600 bytes) cannot
 * fit 5,000 to a megabyte; the processor is not started, so staged segments stay and the count is exact.
 *
 * `node --import tsx bench/p5-events.ts` (P5_RUNS, default 20) or `runP5()` from bench/run.ts.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startJobOps } from '../src/compose';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/shared/logger';
import { startAzurite } from '../src/storage/azurite';
import { TableStore } from '../src/storage/table-store';
import { ROOT, stopChild } from './lib/bot-runner';
import { machine } from './lib/machine';
import { BenchResult, row } from './lib/result';
import { median, percentile, round } from './lib/stats';

const EVENTS = 5_000;
const TOPIC = '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w';

interface Ready {
  url: string;
  connectionString: string;
}

/** `--serve`: the bot under test, Azurite on disk in a temp dir; SIGTERM stops both. */
async function serve(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-p5-'));
  fs.writeFileSync(path.join(dir, 'jobops.json'), JSON.stringify({ defaultWorkspace: 'w', workspaces: { w: { subscriptionId: 's', resourceGroup: 'r', workspace: 'w' } } }));
  const azurite = await startAzurite({ location: path.join(dir, 'azurite') });
  const config = loadConfig(
    {
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: 'http://127.0.0.1:9',
      STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: path.join(dir, 'jobops.json'), EVENTGRID_SECRET: process.env.P5_SECRET ?? '',
    },
    ROOT,
  );
  const bot = await startJobOps(config, { logger: createLogger('warn'), startWatcher: false });
  const stop = (): void => {
    void bot.stop().then(() => azurite.stop()).finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const ready: Ready = { url: bot.url, connectionString: azurite.connectionString };
  process.stdout.write(`${JSON.stringify({ ready })}\n`);
}

async function spawnServer(secret: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve'], { cwd: ROOT, env: { ...process.env, P5_SECRET: secret }, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"ready"'));
      if (line) resolve((JSON.parse(line) as { ready: Ready }).ready);
    });
    child.once('exit', (code) => reject(new Error(`P5 bot exited with ${code}`)));
  });
  return { child, ready };
}

/** Small but valid RunCompleted events: base-36 ids unique per run, 500 distinct jobs. */
function batch(run: number): string {
  const events = Array.from({ length: EVENTS }, (_, i) => ({ id: `${run.toString(36)}.${i.toString(36)}`, topic: TOPIC, eventType: 'Microsoft.MachineLearningServices.RunCompleted', data: { runId: `j${(i % 500).toString(36)}` } }));
  return JSON.stringify(events);
}

export async function runP5(runs = Number(process.env.P5_RUNS ?? 20), warmup = 3): Promise<BenchResult> {
  const secret = randomBytes(24).toString('base64url');
  const { child, ready } = await spawnServer(secret);
  // Large deliveries are staged as segment rows (event-inbox.ts); count this run's events in them.
  const segments = new TableStore(ready.connectionString).collection('eventsegments', (raw) => raw as { events: { id: string }[] });
  const storedOf = async (prefix: string): Promise<number> =>
    (await segments.list('', 100_000)).reduce((n, s) => n + s.value.events.filter((e) => e.id.startsWith(prefix)).length, 0);
  const samples: number[] = [];
  let bytes = 0;
  try {
    for (let r = 0; r < warmup + runs; r++) {
      const body = batch(r + 1);
      bytes = Buffer.byteLength(body);
      const t0 = performance.now();
      const res = await fetch(`${ready.url}/api/events?key=${secret}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const ack = (await res.json()) as { accepted?: number };
      const ms = performance.now() - t0;
      if (res.status !== 200 || ack.accepted !== EVENTS) throw new Error(`run ${r}: HTTP ${res.status} ${JSON.stringify(ack)}`);
      // Durability check outside the timing: every row of this batch is in Azurite.
      const stored = await storedOf(`${(r + 1).toString(36)}.`);
      if (stored !== EVENTS) throw new Error(`run ${r}: ${stored} rows stored, expected ${EVENTS}`);
      if (r >= warmup) samples.push(ms);
    }
  } finally {
    await stopChild(child);
  }
  const p99 = percentile(samples, 99);
  return {
    rows: [
      row('P5', `ack of ${EVENTS} events, p50`, round(percentile(samples, 50), 1), 'ms', undefined, `${runs} runs, body ${round(bytes / 1e6, 3)} MB`),
      row('P5', `ack of ${EVENTS} events, p99`, round(p99, 1), 'ms', { text: '≤ 1000 ms', ok: p99 <= 1000 }, 'all rows counted in Azurite after each run'),
      row('P5', 'median / max', `${round(median(samples), 1)} / ${round(Math.max(...samples), 1)}`, 'ms'),
    ],
    detail: { runs, warmup, bodyBytes: bytes, samplesMs: samples.map((s) => round(s, 1)) },
  };
}

if (require.main === module) {
  const main = process.argv.includes('--serve')
    ? serve()
    : runP5().then((r) => {
        console.log(JSON.stringify({ machine: machine(), ...r }, null, 2));
      });
  main.catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
