import { RunningEmulator, startEmulator } from '../../../src/emulator';
import { createSyntheticLog } from '../../../src/emulator/synthetic-log';
import { getJson, RunDetails, runUrl } from './helpers';

const GiB = 1024 ** 3;

describe('synthetic log', () => {
  it('has the exact size, whole lines and a failure tail', () => {
    const log = createSyntheticLog(100_003);
    expect(log.size).toBe(100_003);
    const text = log.read(0, log.size).toString('utf8');
    expect(Buffer.byteLength(text)).toBe(100_003);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^0000000\.0s \| INFO \| Epoch 0001\/0100 \| step 0000001\/\d{7} \| 000\.\d% \| loss=\d\.\d{4}/);
    expect(text).toMatch(/torch\.cuda\.OutOfMemoryError: CUDA out of memory[^\n]*\n.*exited with status code 1/s);
    expect(text.endsWith('User process exited with status code 1\n')).toBe(true);
  });

  it('produces the same bytes for any range split', () => {
    const log = createSyntheticLog(50_000);
    const whole = log.read(0, log.size);
    const pieces = [0, 1, 127, 128, 129, 4000, 49_000, 49_999].map((s, i, a) => log.read(s, a[i + 1] ?? log.size));
    expect(Buffer.concat(pieces).equals(whole)).toBe(true);
    expect(log.read(333, 777).equals(whole.subarray(333, 777))).toBe(true);
  });

  it('handles sizes smaller than the tail', () => {
    const log = createSyntheticLog(10);
    expect(log.read(0, 10)).toHaveLength(10);
    expect(createSyntheticLog(0).read(0, 5)).toHaveLength(0);
  });
});

describe('1 GiB synthetic log over HTTP', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ clock: 'manual' });
  });
  afterAll(async () => emu.stop());

  it('serves the tail by range without allocating the log', async () => {
    const rssBefore = process.memoryUsage().rss;
    emu.addJob({ name: 'bench-oom-1gib', status: 'Failed', logBytes: GiB });
    const details = await getJson<RunDetails>(runUrl(emu.url, 'mlw-dev', 'bench-oom-1gib', '/details'));
    expect(details.status).toBe('Failed');
    const url = details.logFiles['user_logs/std_log.txt'] ?? '';
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(GiB));
    const tail = await fetch(url, { headers: { Range: 'bytes=-65536' } });
    expect(tail.status).toBe(206);
    expect(tail.headers.get('content-range')).toBe(`bytes ${GiB - 65536}-${GiB - 1}/${GiB}`);
    const text = await tail.text();
    expect(text).toContain('Traceback (most recent call last):');
    expect(text).toContain('CUDA out of memory');
    expect(text).toContain('exited with status code 1');
    const middle = await fetch(url, { headers: { Range: `bytes=${GiB / 2}-${GiB / 2 + 4 * 1024 * 1024 - 1}` } });
    expect((await middle.arrayBuffer()).byteLength).toBe(4 * 1024 * 1024);
    expect(emu.stats.snapshot().bytesServed).toBe(65536 + 4 * 1024 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * 1024 * 1024);
  });
});

describe('determinism', () => {
  it('serves identical payloads for the same seed and manual clock', async () => {
    const read = async (seed: number) => {
      const emu = await startEmulator({ clock: 'manual', seed });
      try {
        const details = await getJson<RunDetails>(runUrl(emu.url, 'mlw-dev', 'sweep-dropout-9', '/details'));
        const log = await (await fetch(details.logFiles['azureml-logs/hyperdrive.txt'] ?? '')).text();
        return JSON.stringify(await getJson(runUrl(emu.url, 'mlw-dev', 'sweep-dropout-9'))) + log;
      } finally {
        await emu.stop();
      }
    };
    const a = await read(1);
    expect(await read(1)).toBe(a);
    expect(await read(2)).not.toBe(a);
  });
});
