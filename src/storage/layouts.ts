import { Layout } from './store';

/** Hash shards per hashed collection: 16 partitions spread a tenant's load; see docs/storage.md for the figures. */
export const SHARDS = 16;
const HEX = '0123456789abcdef';
export const SHARD_NAMES: readonly string[] = [...HEX];

/** FNV-1a over UTF-16 code units: stable across processes and versions (never Math.random or a seeded hash). */
export function shardOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return HEX[(h >>> 0) % SHARDS]!;
}

/** One partition ('p'): for collections bounded by configuration (leases, per-workspace cursors), never by traffic. */
export const single: Layout = {
  name: 'single',
  partitionOf: () => 'p',
  partitionOfPrefix: () => 'p',
  partitions: ['p'],
};

/** Partition = a hash shard of the whole key: point reads and writes only (plus range reads per shard). */
export const hashed: Layout = {
  name: `hashed(${SHARDS})`,
  partitionOf: shardOf,
  partitionOfPrefix: () => undefined,
  partitions: SHARD_NAMES,
};

/**
 * Partition = the key's first `segments` '|'-separated segments, hashed into shards when `shard` is set, else as they
 * are (a workspace alias). A prefix that contains those segments lists within one partition.
 */
export function leading(segments: number, shard: boolean): Layout {
  const head = (key: string): string | undefined => {
    let at = -1;
    for (let i = 0; i < segments; i++) {
      at = key.indexOf('|', at + 1);
      if (at < 0) return undefined;
    }
    return key.slice(0, at);
  };
  const partitionOf = (key: string): string => {
    const h = head(key);
    if (h === undefined) throw new Error(`storage key lacks its ${segments} leading segment(s)`);
    return shard ? shardOf(h) : h;
  };
  return {
    name: `leading(${segments}${shard ? `, hashed(${SHARDS})` : ''})`,
    partitionOf,
    partitionOfPrefix: (prefix) => {
      const h = head(prefix);
      return h === undefined ? undefined : shard ? shardOf(h) : h;
    },
    partitions: shard ? SHARD_NAMES : undefined,
  };
}
