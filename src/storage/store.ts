/**
 * The storage contract every feature uses: small, conditional, and the same for Azure Tables
 * (Azurite locally) and the in-memory test double. ETags make every state change a compare-and-set.
 *
 * Every collection has a Layout that maps a key to its Azure Tables partition (docs/storage.md). There is no
 * "read the whole collection": a listing is a range read of one partition (`range`, `list`) or of a span of
 * time-ordered partitions (`span`), and each takes a limit, so what a read costs never grows with history.
 */
export interface Stored<T> {
  key: string;
  value: T;
  etag: string;
}

export type WriteResult = { ok: true; etag: string } | { ok: false; reason: 'exists' | 'conflict' | 'missing' };

/** Where a key lives. Partitions are Azure Tables' unit of scale (about 2,000 entities/s each) and of transactions. */
export interface Layout {
  /** For docs and errors: "single", "hashed(16)", "leading segment"… */
  readonly name: string;
  partitionOf(key: string): string;
  /** The one partition holding every key with this prefix, or undefined when the prefix does not fix one. */
  partitionOfPrefix(prefix: string): string | undefined;
  /** Every partition, for layouts with a fixed set (hash shards): sweeps and listings visit each in turn. */
  readonly partitions?: readonly string[];
}

/** A bounded range read inside one partition, in key order (ordinal, as Azure Tables sorts). */
export interface RangeQuery {
  prefix?: string;
  /** Keys strictly after this one: the next page. */
  after?: string;
  /** Keys strictly before this one: e.g. everything that expired before a time stamp. */
  before?: string;
  /** At most this many rows. */
  limit: number;
}

/** A bounded read across partitions [from, before) in (partition, key) order: time-partitioned collections. */
export interface SpanQuery {
  from?: string;
  before?: string;
  /** Only keys before this one, in every partition of the span (the audit sweep's cut-off time). */
  keyBefore?: string;
  /** The last key of the previous page (its partition is the layout's). */
  afterKey?: string;
  limit: number;
}

export interface Collection<T> {
  readonly layout: Layout;
  get(key: string): Promise<Stored<T> | undefined>;
  /** Create only if absent (If-None-Match: *). */
  create(key: string, value: T): Promise<WriteResult>;
  /** Replace; with ifMatch only if unchanged since that read (If-Match). Without it, upsert. */
  put(key: string, value: T, ifMatch?: string): Promise<WriteResult>;
  delete(key: string, ifMatch?: string): Promise<void>;
  range(partition: string, q: RangeQuery): Promise<Stored<T>[]>;
  /** Keys with this prefix, at most `limit` (default LIST_LIMIT); the prefix must fix the partition. */
  list(prefix: string, limit?: number): Promise<Stored<T>[]>;
  span(q: SpanQuery): Promise<Stored<T>[]>;
  /**
   * Create-if-absent for many keys at once (results in input order). Optional: stores that can batch
   * (Azure Tables transactions, one partition each) implement it so bulk intake is a few round trips.
   */
  createMany?(entries: { key: string; value: T }[]): Promise<WriteResult[]>;
  /**
   * Deletes many rows whatever their etag (missing ones are skipped), batched per partition where the store can:
   * the retention sweeper's path for rows nobody updates once they are past their retention. Returns keys.length.
   */
  deleteMany(keys: readonly string[]): Promise<number>;
}

export interface Store {
  collection<T>(name: string, parse: (raw: unknown) => T, layout?: Layout): Collection<T>;
}

/** What `list` returns at most when the caller names no limit; callers of growing sets pass their own bound. */
export const LIST_LIMIT = 1_000;

/** Keys must be safe as Azure Table row keys: no / \ # ? or control characters. */
export function assertSafeKey(key: string): void {
  // Azure Tables forbid control characters in keys; matching them is the point.
  // eslint-disable-next-line no-control-regex
  if (key.length === 0 || key.length > 512 || /[/\\#?\u0000-\u001f\u007f-\u009f]/.test(key)) {
    throw new Error(`unsafe storage key`);
  }
}

/** The partition a prefix list reads; a prefix that spans partitions would be a scan, which this contract has not. */
export function partitionForList(layout: Layout, prefix: string): string {
  const p = layout.partitionOfPrefix(prefix);
  if (p === undefined) throw new Error(`a list by this prefix would read several partitions (layout ${layout.name})`);
  return p;
}
