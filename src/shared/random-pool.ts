import { randomBytes } from 'node:crypto';

/**
 * `n` random bytes (n ≤ 4,096) from a pooled CSPRNG buffer: one randomBytes call per 4 KiB instead of one per use,
 * for what every reply draws (correlation ids, read handles' IVs; issue 13, CPU per reply). The result is a view
 * of a pool that is never written again (a spent pool is replaced, not refilled), so it may be kept.
 */
let pool = Buffer.alloc(0);
let at = 0;
export function pooledRandomBytes(n: number): Buffer {
  if (at + n > pool.length) {
    pool = randomBytes(4096);
    at = 0;
  }
  at += n;
  return pool.subarray(at - n, at);
}
