/**
 * Procedural std_log of any size for benchmarks: fixed-width lines computed from their index, then a failure tail.
 * Any byte range is produced from its offset, so serving the last 64 KiB of a 1 GiB log costs the same as the first.
 */
import { CUDA_OOM_TAIL } from './failure-text';
import { LogSource } from './log-source';

const LINE = 128;
// Columns are fixed so numbers can be written into a copy of the template without string formatting.
const TEMPLATE =
  '0000000.0s | INFO | Epoch 0000/0100 | step 0000000/0000000 | 000.0% | loss=0.0000 | lr=1.00e-03 | 0000.0 samples/s';
const POS = { sec: 0, epoch: 26, step: 43, total: 51, pct: 61, loss: 75, tput: 98 };

const PYTHON = '/azureml-envs/azureml_6b2e0f4d1c9a8e7f5a3b2c1d0e9f8a7b/bin/python';

function tailText(): string {
  return [
    '',
    ...CUDA_OOM_TAIL,
    `Execution failed. User process '${PYTHON}' exited with status code 1. Please check log file 'user_logs/std_log.txt' for error details.`,
    'User process exited with status code 1',
    '',
  ].join('\n');
}

function writeDigits(buf: Buffer, pos: number, width: number, value: number): void {
  // Integer ops only: this runs ~10 times per 128-byte line on the benchmark's hot path.
  let v = value > 0 ? value | 0 : 0;
  for (let i = width - 1; i >= 0; i--) {
    const q = (v / 10) | 0;
    buf[pos + i] = 48 + v - q * 10;
    v = q;
  }
}

export function createSyntheticLog(size: number): LogSource {
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`invalid synthetic log size ${size}`);
  const tail = Buffer.from(tailText(), 'utf8');
  const tailLen = Math.min(size, tail.length);
  const tailStart = size - tailLen;
  const fullLines = Math.floor(tailStart / LINE);
  const totalSteps = Math.max(1, fullLines);
  const template = Buffer.alloc(LINE, 0x20);
  template.write(TEMPLATE, 0, 'latin1');
  template[LINE - 1] = 0x0a;

  function line(k: number, out: Buffer, at: number): void {
    template.copy(out, at);
    writeDigits(out, at + POS.sec, 7, k / 2);
    out[at + POS.sec + 8] = 48 + ((k % 2) * 5);
    const step = k + 1;
    writeDigits(out, at + POS.epoch, 4, Math.floor((k * 100) / totalSteps) + 1);
    writeDigits(out, at + POS.step, 7, step);
    writeDigits(out, at + POS.total, 7, totalSteps);
    const pct = Math.floor((step * 1000) / totalSteps);
    writeDigits(out, at + POS.pct, 3, pct / 10);
    out[at + POS.pct + 4] = 48 + (pct % 10);
    writeDigits(out, at + POS.loss + 2, 4, 500 + ((Math.imul(k, 0x9e3779b1) >>> 0) % 4000) - Math.floor((k * 400) / totalSteps));
    writeDigits(out, at + POS.tput, 4, 380 + ((Math.imul(k, 40503) >>> 0) % 60));
  }

  // Bytes between the last full line and the tail: blank padding ending in a newline keeps lines intact.
  function fillerByte(offset: number): number {
    return offset === tailStart - 1 ? 0x0a : 0x20;
  }

  return {
    size,
    read(start: number, end: number): Buffer {
      const s = Math.max(0, start);
      const e = Math.min(size, end);
      if (e <= s) return Buffer.alloc(0);
      const out = Buffer.allocUnsafe(e - s);
      let pos = s;
      const scratch = Buffer.allocUnsafe(LINE);
      while (pos < e) {
        if (pos >= tailStart) {
          const n = Math.min(e, size) - pos;
          tail.copy(out, pos - s, tail.length - tailLen + (pos - tailStart), tail.length - tailLen + (pos - tailStart) + n);
          pos += n;
        } else if (pos < fullLines * LINE) {
          const k = Math.floor(pos / LINE);
          const lineStart = k * LINE;
          const n = Math.min(e, lineStart + LINE) - pos;
          if (pos === lineStart && n === LINE) {
            line(k, out, pos - s);
          } else {
            line(k, scratch, 0);
            scratch.copy(out, pos - s, pos - lineStart, pos - lineStart + n);
          }
          pos += n;
        } else {
          out[pos - s] = fillerByte(pos);
          pos += 1;
        }
      }
      return out;
    },
  };
}
