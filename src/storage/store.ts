/**
 * The storage contract every feature uses: small, conditional, and the same for Azure Tables
 * (Azurite locally) and the in-memory test double. ETags make every state change a compare-and-set.
 */
export interface Stored<T> {
  key: string;
  value: T;
  etag: string;
}

export type WriteResult = { ok: true; etag: string } | { ok: false; reason: 'exists' | 'conflict' | 'missing' };

export interface Collection<T> {
  get(key: string): Promise<Stored<T> | undefined>;
  /** Create only if absent (If-None-Match: *). */
  create(key: string, value: T): Promise<WriteResult>;
  /** Replace; with ifMatch only if unchanged since that read (If-Match). Without it, upsert. */
  put(key: string, value: T, ifMatch?: string): Promise<WriteResult>;
  delete(key: string, ifMatch?: string): Promise<void>;
  list(prefix?: string): Promise<Stored<T>[]>;
  /**
   * Create-if-absent for many keys at once (results in input order). Optional: stores that can batch
   * (Azure Tables transactions) implement it so bulk intake is a few round trips instead of thousands.
   */
  createMany?(entries: { key: string; value: T }[]): Promise<WriteResult[]>;
}

export interface Store {
  collection<T>(name: string, parse: (raw: unknown) => T): Collection<T>;
}

/** Keys must be safe as Azure Table row keys: no / \ # ? or control characters. */
export function assertSafeKey(key: string): void {
  // Azure Tables forbid control characters in keys; matching them is the point.
  // eslint-disable-next-line no-control-regex
  if (key.length === 0 || key.length > 512 || /[/\\#?\u0000-\u001f\u007f-\u009f]/.test(key)) {
    throw new Error(`unsafe storage key`);
  }
}
