import type { RangeSource } from './types';

/** A RangeSource over a buffer already in memory (tests, small logs). */
export function memoryRangeSource(data: Buffer): RangeSource {
  return {
    size: async () => data.length,
    read: async (start, endExclusive) => data.subarray(Math.max(0, start), Math.min(endExclusive, data.length)),
  };
}
