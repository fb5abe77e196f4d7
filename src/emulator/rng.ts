/**
 * Small deterministic random helpers. Math.random would make scenarios and fault injection unreproducible.
 */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stateless hash of a string and numbers to [0, 1): lets log line N be computed without generating lines 0..N-1. */
export function hashUnit(key: string, ...nums: number[]): number {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  for (const n of nums) h = Math.imul(h ^ (n >>> 0), 16777619) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995) >>> 0;
  h ^= h >>> 15;
  return (h >>> 0) / 4294967296;
}

/** A GUID-looking id derived from a key, so generated run ids are stable across restarts. */
export function stableGuid(key: string): string {
  const hex = Array.from({ length: 32 }, (_, i) => Math.floor(hashUnit(key, i) * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
