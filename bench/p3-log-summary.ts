/**
 * P3: `summary` of a 1 MiB vs a 1 GiB std_log through the real bot over HTTP (bytes the emulator served and reply
 * time), then a full scan with scanStream in its own process (throughput and RSS growth).
 *
 * No injected latency here: with 100 ms per call both sizes would be dominated by the same three or four round
 * trips, hiding any cost that grows with the log; at 0 ms any size-dependent cost shows in the ratio.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BotClient, cardText, firstCard } from './lib/bot-client';
import { ROOT, spawnBot } from './lib/bot-runner';
import { EmulatorControl } from './lib/emulator-control';
import { MB } from './lib/proc';
import { BenchResult, row } from './lib/result';
import { median, round } from './lib/stats';

const RUNS = 7;
const WARMUP = 2;
const SIZES = [
  { label: '1 MiB', name: 'bench-log-1mib', bytes: MB },
  { label: '1 GiB', name: 'bench-log-1gib', bytes: 1024 * MB },
];

interface SummaryRun {
  ms: number;
  bytes: number;
  blobGets: number;
  calls: number;
}

async function summaries(): Promise<Record<string, SummaryRun[]>> {
  const bot = await spawnBot();
  try {
    const emu = new EmulatorControl(bot.emulatorUrl);
    const client = new BotClient(bot.url, 'a:bench-p3');
    for (const s of SIZES) await emu.addJob({ name: s.name, status: 'Failed', failure: 'cuda-oom', logBytes: s.bytes });
    const out: Record<string, SummaryRun[]> = {};
    for (const s of SIZES) out[s.label] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      // Alternate sizes so drift over time (GC, JIT, page cache) lands on both equally.
      for (const s of SIZES) {
        await emu.resetStats();
        const t0 = process.hrtime.bigint();
        const card = firstCard(await client.send(`summary ${s.name}`));
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const st = await emu.stats();
        if (!/out of memory|OOM/i.test(cardText(card))) throw new Error(`summary of ${s.name} did not find the CUDA OOM: ${cardText(card).slice(0, 300)}`);
        if (i >= WARMUP) out[s.label]!.push({ ms, bytes: st.bytesServed, blobGets: st.counts.blobGet ?? 0, calls: st.total });
      }
    }
    return out;
  } finally {
    await bot.stop();
  }
}

interface ScanResult {
  baselineRss: number;
  peakRss: number;
  growthMb: number;
  runs: { seconds: number; cpuSeconds: number; mbPerSec: number; mbPerCpuSec: number; category: string; bytes: number }[];
}

function scan(): Promise<ScanResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/scan-process.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.once('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`scan process exited ${code}: ${err.slice(-1000)}`));
      else resolve(JSON.parse(line) as ScanResult);
    });
  });
}

export async function runP3(): Promise<BenchResult> {
  const sum = await summaries();
  const small = sum['1 MiB']!;
  const big = sum['1 GiB']!;
  const tSmall = median(small.map((r) => r.ms));
  const tBig = median(big.map((r) => r.ms));
  const ratio = tBig / tSmall;
  const maxBytes = Math.max(...big.map((r) => r.bytes), ...small.map((r) => r.bytes));
  const s = await scan();
  const mbps = median(s.runs.map((r) => r.mbPerSec));
  const scanned = s.runs[0]?.bytes ?? 0;
  const desc = (rs: SummaryRun[]): string => `median ${round(median(rs.map((r) => r.ms)), 1)} ms over ${rs.length}; ${rs[0]?.blobGets} ranged GETs, ${rs[0]?.calls} calls in all`;
  return {
    rows: [
      row('P3', 'summary 1 MiB log: reply time', round(tSmall, 1), 'ms', undefined, desc(small)),
      row('P3', 'summary 1 GiB log: reply time', round(tBig, 1), 'ms', undefined, desc(big)),
      row('P3', 't(1 GiB) ÷ t(1 MiB)', round(ratio, 2), '×', { text: '≤ 1.5', ok: ratio <= 1.5 }, 'no injected latency'),
      row('P3', 'bytes read from Azure per summary (max, either size)', round(maxBytes / MB, 3), 'MiB', { text: '≤ 4 MiB', ok: maxBytes <= 4 * MB }, `1 MiB: ${small[0]?.bytes} B, 1 GiB: ${big[0]?.bytes} B`),
      row('P3', `full scan (scanStream) of ${round(scanned / MB, 0)} MiB`, round(mbps, 0), 'MiB/s', { text: '≥ 200 MB/s', ok: mbps * 1.048576 >= 200 }, `runs: ${s.runs.map((r) => round(r.mbPerSec, 0)).join(', ')} MiB/s wall, ${round(median(s.runs.map((r) => r.mbPerCpuSec)), 0)} MiB per CPU-second; verdict ${s.runs[0]?.category}`),
      row('P3', 'RSS growth during the full scans', round(s.growthMb, 1), 'MiB', { text: '≤ 64 MB', ok: s.growthMb * 1.048576 <= 64 }, `baseline ${round(s.baselineRss / MB, 0)} MiB, peak ${round(s.peakRss / MB, 0)} MiB`),
    ],
    detail: { summaries: sum, scan: s },
  };
}
