/**
 * P3 full-scan half, in a fresh process so its RSS is scanStream's alone: feeds ~500 MB of synthetic std_log (the
 * emulator's generator, ending in a CUDA OOM tail) to scanStream in 64 KiB chunks and prints one JSON line.
 * The text is generated once (16 MiB) and cycled, so the figure is the scanner's speed, not the generator's.
 */
import { createSyntheticLog } from '../src/emulator/synthetic-log';
import { scanStream } from '../src/logs';

const MB = 1024 * 1024;
const TOTAL = Number(process.env.SCAN_MB ?? 500) * MB;
const RUNS = Number(process.env.SCAN_RUNS ?? 3);
const CHUNK = 64 * 1024;
const CYCLE = 16 * MB;

const log = createSyntheticLog(CYCLE + 8192);
// Whole 128-byte lines only, so cycling never splits a line in a way a real log would not.
const body = log.read(0, CYCLE);
const tail = log.read(CYCLE, log.size).subarray(-4096);

let peak = 0;
async function* chunks(): AsyncGenerator<Buffer> {
  let sent = 0;
  let i = 0;
  while (sent < TOTAL - tail.length) {
    const at = sent % CYCLE;
    const n = Math.min(CHUNK, CYCLE - at, TOTAL - tail.length - sent);
    // A copy, as a socket would hand over a fresh buffer each time.
    yield Buffer.from(body.subarray(at, at + n));
    sent += n;
    if ((++i & 15) === 0) peak = Math.max(peak, process.memoryUsage.rss());
  }
  yield Buffer.from(tail);
}

async function main(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage.rss();
  peak = baseline;
  const runs: { seconds: number; cpuSeconds: number; mbPerSec: number; mbPerCpuSec: number; category: string; bytes: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const s = await scanStream(chunks());
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0);
    // CPU seconds too: on a shared machine wall time also counts the time other processes held the core.
    const cpuSeconds = (c.user + c.system) / 1e6;
    runs.push({ seconds, cpuSeconds, mbPerSec: s.bytesRead / MB / seconds, mbPerCpuSec: s.bytesRead / MB / cpuSeconds, category: s.category, bytes: s.bytesRead });
  }
  peak = Math.max(peak, process.memoryUsage.rss());
  process.stdout.write(`${JSON.stringify({ baselineRss: baseline, peakRss: peak, growthMb: (peak - baseline) / MB, runs })}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
