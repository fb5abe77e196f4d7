/**
 * P1: reply time ÷ injected Azure latency (100 ms per ARM and data-plane call), closed loop, one conversation per
 * virtual user, for `list` and `show <job>` at 5 and 50 concurrent conversations. The bot (with its embedded
 * emulator and Azurite child) runs in its own process; this process only generates load.
 */
import { BotClient, firstCard } from './lib/bot-client';
import { SpawnedBot, spawnBot } from './lib/bot-runner';
import { EmulatorControl } from './lib/emulator-control';
import { childPids, cpuMs } from './lib/proc';
import { BenchResult, Row, row } from './lib/result';
import { median, percentile, round } from './lib/stats';

const LATENCY_MS = 100;
const WARMUP_MS = Number(process.env.P1_WARMUP_MS ?? 3_000);
const MEASURE_MS = Number(process.env.P1_MEASURE_MS ?? 12_000);
const RUNS = Number(process.env.P1_RUNS ?? 3);
const MIN_REQUESTS = 500;
const COMMANDS = [
  { label: 'list', text: 'list' },
  // A Running command job: exactly one ARM GET per reply (P2), so the floor is one injected latency.
  { label: 'show <job>', text: 'show train-resnet50-nightly' },
];
const CELLS = [
  { vus: 5, target: 1.1 },
  { vus: 50, target: 1.5 },
];

interface RunFigures {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  repliesPerSec: number;
  /** CPU the bot process (incl. its embedded emulator) and its Azurite child used, as a share of one core. */
  botCpu: number;
  azuriteCpu: number;
  /** CPU per reply in ms: unlike latency, barely affected by other processes on the machine. */
  botCpuMsPerReply: number;
  azuriteCpuMsPerReply: number;
}

/** Closed loop: each virtual user sends, waits for the reply, and sends again at once. */
async function load(bot: SpawnedBot, text: string, vus: number, ms: number, tag: string, minCount = 0): Promise<{ samples: number[]; errors: number; firstError?: string }> {
  const end = Date.now() + ms;
  // Run for `ms` and until `minCount` replies, but never past 4× the time, so a slow bot still ends the benchmark.
  const hardEnd = Date.now() + 4 * ms;
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  await Promise.all(
    Array.from({ length: vus }, async (_, i) => {
      const client = new BotClient(bot.url, `a:bench-p1-${tag}-${i}`);
      for (;;) {
        const now = Date.now();
        if (now >= hardEnd || (now >= end && samples.length >= minCount)) break;
        const t0 = performance.now();
        try {
          firstCard(await client.send(text));
          samples.push(performance.now() - t0);
        } catch (err) {
          errors += 1;
          firstError ??= (err as Error).message;
        }
      }
    }),
  );
  return { samples, errors, firstError };
}

function cpuShare(pids: number[], before: number[], wallMs: number): number {
  const used = pids.map((p, i) => (cpuMs(p) ?? before[i]!) - before[i]!).reduce((a, b) => a + b, 0);
  return used / wallMs;
}

export async function runP1(): Promise<BenchResult> {
  const bot = await spawnBot();
  const rows: Row[] = [];
  const detail: Record<string, RunFigures[]> = {};
  const overhead: Record<string, { p50: number; p99: number; n: number }> = {};
  try {
    const emu = new EmulatorControl(bot.emulatorUrl);
    const azurite = childPids(bot.pid);
    // Overhead: one client, no injected latency, so the reply time is the bot's own work plus Azurite.
    await emu.setLatency(0);
    for (const cmd of COMMANDS) {
      await load(bot, cmd.text, 1, 1_000, `${cmd.label}-solo-warm`);
      const { samples } = await load(bot, cmd.text, 1, 3_000, `${cmd.label}-solo`, 200);
      rows.push(row('P1', `${cmd.label}, 1 conversation, no injected latency: p50 reply`, round(percentile(samples, 50), 1), 'ms', undefined, `p99 ${round(percentile(samples, 99), 1)} ms over ${samples.length}; framework floor (P1a) 0.9 ms`));
      overhead[cmd.label] = { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
    }
    await emu.setLatency(LATENCY_MS);
    for (const cmd of COMMANDS) {
      for (const cell of CELLS) {
        const key = `${cmd.label} @ ${cell.vus}`;
        await load(bot, cmd.text, cell.vus, WARMUP_MS, `${cmd.label}-${cell.vus}-warm`);
        const runs: RunFigures[] = [];
        for (let r = 0; r < RUNS; r++) {
          const before = [cpuMs(bot.pid) ?? 0, ...azurite.map((p) => cpuMs(p) ?? 0)];
          const t0 = Date.now();
          const { samples, errors, firstError } = await load(bot, cmd.text, cell.vus, MEASURE_MS, `${cmd.label}-${cell.vus}-${r}`, MIN_REQUESTS);
          const wall = Date.now() - t0;
          if (errors) console.warn(`P1 ${key}: ${errors} failed requests, first: ${firstError}`);
          runs.push({
            requests: samples.length,
            errors,
            p50: percentile(samples, 50) / LATENCY_MS,
            p99: percentile(samples, 99) / LATENCY_MS,
            max: Math.max(...samples) / LATENCY_MS,
            repliesPerSec: samples.length / (wall / 1000),
            botCpu: cpuShare([bot.pid], before.slice(0, 1), wall),
            azuriteCpu: cpuShare(azurite, before.slice(1), wall),
            botCpuMsPerReply: (cpuShare([bot.pid], before.slice(0, 1), wall) * wall) / samples.length,
            azuriteCpuMsPerReply: (cpuShare(azurite, before.slice(1), wall) * wall) / samples.length,
          });
        }
        detail[key] = runs;
        const p50 = median(runs.map((x) => x.p50));
        const p99 = median(runs.map((x) => x.p99));
        const requests = Math.min(...runs.map((x) => x.requests));
        const errors = runs.reduce((a, x) => a + x.errors, 0);
        const note =
          `p99 per run ${runs.map((x) => round(x.p99, 2)).join(', ')}; ≥ ${requests} replies/run (${requests >= MIN_REQUESTS ? 'ok' : `< ${MIN_REQUESTS}!`}), ` +
          `${round(median(runs.map((x) => x.repliesPerSec)), 0)} replies/s, bot CPU ${round(median(runs.map((x) => x.botCpu)) * 100, 0)}% ` +
          `+ Azurite ${round(median(runs.map((x) => x.azuriteCpu)) * 100, 0)}% of a core ` +
          `(${round(median(runs.map((x) => x.botCpuMsPerReply)), 1)} + ${round(median(runs.map((x) => x.azuriteCpuMsPerReply)), 1)} CPU-ms per reply)${errors ? `, ${errors} errors` : ''}`;
        rows.push(row('P1', `${key} conversations: p50 ÷ latency`, round(p50, 2), '×', undefined));
        rows.push(row('P1', `${key} conversations: p99 ÷ latency`, round(p99, 2), '×', { text: `≤ ${cell.target.toFixed(2)}`, ok: p99 <= cell.target && errors === 0 }, note));
      }
    }
    return { rows, detail: { latencyMs: LATENCY_MS, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, runsPerCell: RUNS, botInSeparateProcess: true, overheadMs: overhead, cells: detail } };
  } finally {
    await bot.stop();
  }
}
