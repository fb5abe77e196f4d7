import { randomUUID } from 'node:crypto';
import { Collection, Store, Stored, WriteResult, assertSafeKey } from './store';

/** In-memory Store for unit tests only; the product always uses TableStore. */
export class MemoryStore implements Store {
  private readonly data = new Map<string, Map<string, { raw: string; etag: string }>>();

  collection<T>(name: string, parse: (raw: unknown) => T): Collection<T> {
    let table = this.data.get(name);
    if (!table) {
      table = new Map();
      this.data.set(name, table);
    }
    const t = table;
    const create = (key: string, value: T): WriteResult => {
      assertSafeKey(key);
      if (t.has(key)) return { ok: false, reason: 'exists' };
      const etag = randomUUID();
      t.set(key, { raw: JSON.stringify(value), etag });
      return { ok: true, etag };
    };
    const read = (key: string, e: { raw: string; etag: string }): Stored<T> => ({ key, value: parse(JSON.parse(e.raw)), etag: e.etag });
    return {
      async get(key) {
        assertSafeKey(key);
        const e = t.get(key);
        return e ? read(key, e) : undefined;
      },
      async create(key, value): Promise<WriteResult> {
        return create(key, value);
      },
      async createMany(entries): Promise<WriteResult[]> {
        return entries.map((e) => create(e.key, e.value));
      },
      async put(key, value, ifMatch): Promise<WriteResult> {
        assertSafeKey(key);
        const cur = t.get(key);
        if (ifMatch !== undefined && (!cur || cur.etag !== ifMatch)) return { ok: false, reason: cur ? 'conflict' : 'missing' };
        const etag = randomUUID();
        t.set(key, { raw: JSON.stringify(value), etag });
        return { ok: true, etag };
      },
      async delete(key, ifMatch) {
        assertSafeKey(key);
        const cur = t.get(key);
        if (cur && (ifMatch === undefined || cur.etag === ifMatch)) t.delete(key);
      },
      async list(prefix = '') {
        return [...t.entries()].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b)).map(([k, e]) => read(k, e));
      },
    };
  }
}
