import * as fs from 'fs';
import * as path from 'path';
import type { RangeSource } from '../../../src/logs';

/** Real public failure logs the classifier was first written from (see its README). */
export const PUBLIC_DEV_LOGS = path.resolve(__dirname, '../../fixtures/logs/public-dev');
export const OWN_LOGS = path.resolve(__dirname, '../../fixtures/logs');

export interface FixtureCase {
  id: string;
  category: string;
  file: string;
}

/** Reads an index.tsv (id, category, …) into cases; the header row is skipped. */
export function loadCases(dir: string): FixtureCase[] {
  const rows = fs.readFileSync(path.join(dir, 'index.tsv'), 'utf8').split(/\r?\n/).slice(1);
  return rows
    .filter((r) => r.trim().length > 0)
    .map((r) => {
      const [id = '', category = ''] = r.split('\t');
      return { id, category, file: path.join(dir, 'cases', `${id}.txt`) };
    });
}

export function linesOf(text: string): Set<string> {
  return new Set(text.split(/\r?\n/));
}

/**
 * A log of any size that is never allocated: bytes are computed from the
 * offset (a repeating healthy line), with `tail` spliced in at the very end.
 * It also counts the bytes handed out, which is what the budget is about.
 */
export function syntheticSource(size: number, tail: string | Buffer, filler = 'INFO 2024-01-01 worker-3 heartbeat ok; queue depth 0; all good....\n') {
  // The leading newline ends whatever filler line the tail happens to cut.
  const tailBuf = Buffer.concat([Buffer.from('\n'), Buffer.isBuffer(tail) ? tail : Buffer.from(tail, 'utf8')]);
  const tailStart = size - tailBuf.length;
  const stats = { bytesServed: 0, reads: 0 };
  const source: RangeSource = {
    size: async () => size,
    read: async (start, end) => {
      const e = Math.min(end, size);
      const out = Buffer.alloc(Math.max(0, e - start));
      const fillEnd = Math.min(e, tailStart);
      if (fillEnd > start) {
        const shift = start % filler.length;
        out.fill(filler.slice(shift) + filler.slice(0, shift), 0, fillEnd - start);
      }
      if (e > tailStart) {
        const from = Math.max(start, tailStart);
        tailBuf.copy(out, from - start, from - tailStart, e - tailStart);
      }
      stats.bytesServed += out.length;
      stats.reads += 1;
      return out;
    },
  };
  return { source, stats };
}
