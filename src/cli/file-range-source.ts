import { promises as fs } from 'fs';
import type { RangeSource } from '../logs';

/**
 * A RangeSource over a local file: the CLI's stand-in for HTTP Range reads on
 * a log blob. Each read opens the file briefly so nothing is left open if the
 * summarizer stops early.
 */
export function fileRangeSource(path: string): RangeSource {
  return {
    size: async () => (await fs.stat(path)).size,
    read: async (start, endExclusive) => {
      const length = Math.max(0, endExclusive - start);
      const handle = await fs.open(path, 'r');
      try {
        const buf = Buffer.alloc(length);
        let filled = 0;
        while (filled < length) {
          const { bytesRead } = await handle.read(buf, filled, length - filled, start + filled);
          if (bytesRead === 0) break;
          filled += bytesRead;
        }
        return buf.subarray(0, filled);
      } finally {
        await handle.close();
      }
    },
  };
}
