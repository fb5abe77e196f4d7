/**
 * P1 (issue 13): reply time ÷ injected Azure latency (100 ms per ARM and data-plane call), closed loop, one
 * conversation per virtual user, for `list` and `show <job>` at 5 and 50 concurrent conversations, for **JobOps and a
 * minimal reference bot** (bench/reference-bot.ts: teams-ai Application, one SDK GET, a card of the same size) in
 * the same run. Four processes: this load generator, the Azure ML emulator (bench/emulator-process.ts), JobOps
 * (bench/bot-process.ts, with its Azurite child) and the reference bot; both bots talk to the same emulator. Cells
 * alternate JobOps and the reference run by run, so both see the same machine. CPU per reply is read per process.
 */
import { BotClient, firstCard } from './lib/bot-client';
import { SpawnedBot, spawnBench, spawnBot } from './lib/bot-runner';
import { EmulatorControl } from './lib/emulator-control';
import { childPids, cpuMs } from './lib/proc';
import { BenchResult, Row, row } from './lib/result';
import { median, percentile, round } from './lib/stats';

const LATENCY_MS = 100;
const WARMUP_MS = Number(process.env.P1_WARMUP_MS ?? 3_000);
const MEASURE_MS = Number(process.env.P1_MEASURE_MS ?? 12_000);
const RUNS = Number(process.env.P1_RUNS ?? 3);
const MIN_REQUESTS = Number(process.env.P1_MIN_REPLIES ?? 500);
const COMMANDS = [
  { label: 'list', text: 'list' },
  // A Running command job: exactly one ARM GET per reply (P2), so the floor is one injected latency.
  { label: 'show <job>', text: 'show train-resnet50-nightly' },
];
const CELLS = [
  { vus: 5, target: 1.1 },
  { vus: 50, target: 2.0 },
];
/** bot + storage CPU per list/show reply (docs/benchmarks.md P1b). */
const CPU_TARGET_MS = 3;

interface RunFigures {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
  repliesPerSec: number;
  /** CPU per reply in ms of the bot process, its storage (Azurite) and the emulator: less sensitive to load than latency. */
  botCpuMsPerReply: number;
  azuriteCpuMsPerReply: number;
  emulatorCpuMsPerReply: number;
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

/**
 * Accepts Application Insights track requests and drops them: the exporter's far end for P1_TELEMETRY=on. HTTPS with
 * a throwaway self-signed certificate (the exporter only speaks TLS), which the telemetry bot trusts through
 * NODE_EXTRA_CA_CERTS; nothing else trusts it.
 */
async function startIngestionSink(): Promise<{ url: string; caFile: string; requests: () => number; stop(): Promise<void> }> {
  const [{ default: https }, fs, os, path, { execFileSync }] = await Promise.all([import('node:https'), import('node:fs'), import('node:os'), import('node:path'), import('node:child_process')]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-p1-sink-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  let n = 0;
  const server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
    n++;
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `https://127.0.0.1:${port}`, caFile: cert, requests: () => n,
    stop: () => new Promise<void>((r) => server.close(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      r();
    })),
  };
}

function cpuOf(pids: number[]): number {
  return pids.reduce((a, p) => a + (cpuMs(p) ?? 0), 0);
}

interface Target {
  name: 'JobOps' | 'reference' | 'JobOps+telemetry';
  bot: SpawnedBot;
  /** The bot's storage processes (JobOps' Azurite child); none for the reference. */
  storage: number[];
}

/** One measured run of one bot, with CPU per reply of the bot, its storage and the (shared) emulator. */
async function measure(t: Target, emulatorPid: number, text: string, vus: number, tag: string): Promise<RunFigures> {
  const before = [cpuOf([t.bot.pid]), cpuOf(t.storage), cpuOf([emulatorPid])];
  const t0 = Date.now();
  const { samples, errors, firstError } = await load(t.bot, text, vus, MEASURE_MS, tag, MIN_REQUESTS);
  const wall = Date.now() - t0;
  if (errors) console.warn(`P1 ${t.name} ${tag}: ${errors} failed requests, first: ${firstError}`);
  const n = Math.max(1, samples.length);
  return {
    requests: samples.length,
    errors,
    p50: percentile(samples, 50) / LATENCY_MS,
    p99: percentile(samples, 99) / LATENCY_MS,
    max: Math.max(...samples) / LATENCY_MS,
    repliesPerSec: samples.length / (wall / 1000),
    botCpuMsPerReply: (cpuOf([t.bot.pid]) - before[0]!) / n,
    azuriteCpuMsPerReply: (cpuOf(t.storage) - before[1]!) / n,
    emulatorCpuMsPerReply: (cpuOf([emulatorPid]) - before[2]!) / n,
  };
}

/** Bytes of the first card's JSON in a reply: the reference pads its cards to JobOps' size. */
async function cardBytes(bot: SpawnedBot, text: string): Promise<number> {
  return JSON.stringify(firstCard(await new BotClient(bot.url, 'a:bench-p1-size').send(text))).length;
}

export async function runP1(): Promise<BenchResult> {
  const emulator = await spawnBench('bench/emulator-process.ts');
  const stops: (() => Promise<void>)[] = [() => emulator.stop()];
  const rows: Row[] = [];
  const detail: Record<string, Record<string, RunFigures[]>> = {};
  const overhead: Record<string, { p50: number; p99: number; n: number }> = {};
  let telemetrySink: { requests: () => number } | undefined;
  try {
    const emu = new EmulatorControl(emulator.url);
    const jobops = await spawnBot([], { BENCH_ARM_ENDPOINT: emulator.url });
    stops.unshift(() => jobops.stop());
    await emu.setLatency(0);
    const sizes = { list: await cardBytes(jobops, 'list'), show: await cardBytes(jobops, COMMANDS[1]!.text) };
    const reference = await spawnBench('bench/reference-bot.ts', [], { BENCH_ARM_ENDPOINT: emulator.url, REF_LIST_BYTES: String(sizes.list), REF_SHOW_BYTES: String(sizes.show) });
    stops.unshift(() => reference.stop());
    const refSizes = { list: await cardBytes(reference, 'list'), show: await cardBytes(reference, COMMANDS[1]!.text) };
    const targets: Target[] = [
      { name: 'JobOps', bot: jobops, storage: childPids(jobops.pid) },
      { name: 'reference', bot: reference, storage: [] },
    ];
    // P1_TELEMETRY=on: a third bot with APPLICATIONINSIGHTS_CONNECTION_STRING set, exporting to a sink here, so the
    // overhead of OpenTelemetry (on vs off) is measured in the same run (issue 13).
    if (process.env.P1_TELEMETRY === 'on') {
      const sink = await startIngestionSink();
      stops.push(() => sink.stop());
      const otel = await spawnBot([], {
        BENCH_ARM_ENDPOINT: emulator.url, BENCH_APPINSIGHTS: `InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=${sink.url}/`,
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true', NODE_EXTRA_CA_CERTS: sink.caFile,
      });
      telemetrySink = sink;
      stops.unshift(() => otel.stop());
      targets.push({ name: 'JobOps+telemetry', bot: otel, storage: childPids(otel.pid) });
    }
    rows.push(row('P1', 'card bytes, JobOps / reference', `list ${sizes.list} / ${refSizes.list}, show ${sizes.show} / ${refSizes.show}`, 'B', undefined, 'the reference pads its card to JobOps\' size'));
    // Overhead: one client, no injected latency, so the reply time is the bot's own work (plus storage).
    for (const cmd of COMMANDS) {
      for (const t of targets) {
        await load(t.bot, cmd.text, 1, 1_000, `${t.name}-${cmd.label}-solo-warm`);
        const { samples } = await load(t.bot, cmd.text, 1, 3_000, `${t.name}-${cmd.label}-solo`, 200);
        overhead[`${t.name} ${cmd.label}`] = { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
      }
      const j = overhead[`JobOps ${cmd.label}`]!;
      const r = overhead[`reference ${cmd.label}`]!;
      rows.push(row('P1', `${cmd.label}, 1 conversation, no injected latency: p50 reply, JobOps`, round(j.p50, 1), 'ms', undefined, `p99 ${round(j.p99, 1)} ms over ${j.n}; reference p50 ${round(r.p50, 1)} ms, p99 ${round(r.p99, 1)} ms over ${r.n}`));
    }
    await emu.setLatency(LATENCY_MS);
    for (const cmd of COMMANDS) {
      for (const cell of CELLS) {
        const key = `${cmd.label} @ ${cell.vus}`;
        for (const t of targets) await load(t.bot, cmd.text, cell.vus, WARMUP_MS, `${t.name}-${cmd.label}-${cell.vus}-warm`);
        const runs: Record<string, RunFigures[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
        for (let r = 0; r < RUNS; r++) {
          // Alternate which bot goes first, so neither always runs right after the other's load.
          const order = r % 2 === 0 ? targets : [...targets].reverse();
          for (const t of order) runs[t.name]!.push(await measure(t, emulator.pid, cmd.text, cell.vus, `${t.name}-${cmd.label}-${cell.vus}-${r}`));
        }
        detail[key] = runs;
        const j = runs.JobOps!;
        const ref = runs.reference!;
        const m = (xs: RunFigures[], f: (x: RunFigures) => number): number => median(xs.map(f));
        const errors = [...j, ...ref].reduce((a, x) => a + x.errors, 0);
        const jCpu = m(j, (x) => x.botCpuMsPerReply + x.azuriteCpuMsPerReply);
        const note = (xs: RunFigures[]): string =>
          `p99 per run ${xs.map((x) => round(x.p99, 2)).join(', ')}; ≥ ${Math.min(...xs.map((x) => x.requests))} replies/run, ` +
          `${round(m(xs, (x) => x.repliesPerSec), 0)} replies/s; CPU-ms per reply: bot ${round(m(xs, (x) => x.botCpuMsPerReply), 2)}, ` +
          `storage ${round(m(xs, (x) => x.azuriteCpuMsPerReply), 2)}, emulator ${round(m(xs, (x) => x.emulatorCpuMsPerReply), 2)}`;
        const jp99 = m(j, (x) => x.p99);
        const rp99 = m(ref, (x) => x.p99);
        rows.push(row('P1', `${key}: p50 ÷ latency, JobOps / reference`, `${round(m(j, (x) => x.p50), 2)} / ${round(m(ref, (x) => x.p50), 2)}`, '×'));
        rows.push(row('P1', `${key}: p99 ÷ latency, JobOps`, round(jp99, 2), '×', { text: `≤ ${cell.target.toFixed(2)}`, ok: jp99 <= cell.target && errors === 0 }, note(j)));
        rows.push(row('P1', `${key}: p99 ÷ latency, reference`, round(rp99, 2), '×', undefined, note(ref)));
        rows.push(row('P1', `${key}: p99 JobOps ÷ p99 reference`, round(jp99 / rp99, 2), '×', { text: '≤ 1.00', ok: jp99 <= rp99 }));
        rows.push(row('P1', `${key}: CPU-ms per reply, JobOps bot + storage`, round(jCpu, 2), 'ms', { text: `≤ ${CPU_TARGET_MS}`, ok: jCpu <= CPU_TARGET_MS }, `reference bot ${round(m(ref, (x) => x.botCpuMsPerReply), 2)} ms`));
        const otel = runs['JobOps+telemetry'];
        if (otel?.length) {
          const oCpu = m(otel, (x) => x.botCpuMsPerReply + x.azuriteCpuMsPerReply);
          rows.push(row('P1', `${key}: telemetry on − off, CPU-ms per reply (bot + storage)`, round(oCpu - jCpu, 2), 'ms', undefined, `on ${round(oCpu, 2)}, off ${round(jCpu, 2)}; p99 ÷ latency on ${round(m(otel, (x) => x.p99), 2)}, off ${round(jp99, 2)}`));
        }
      }
    }
    if (telemetrySink) rows.push(row('P1', 'telemetry exports received by the sink', telemetrySink.requests(), 'requests', undefined, 'P1_TELEMETRY=on: the Azure Monitor exporter of the third bot'));
    return { rows, detail: { latencyMs: LATENCY_MS, warmupMs: WARMUP_MS, measureMs: MEASURE_MS, runsPerCell: RUNS, processes: 'load generator, emulator, JobOps (+ Azurite), reference bot', cardBytes: { jobops: sizes, reference: refSizes }, overheadMs: overhead, cells: detail } };
  } finally {
    for (const stop of stops) await stop();
  }
}
