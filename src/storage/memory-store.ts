import { randomUUID } from 'node:crypto';
import { single } from './layouts';
import { Collection, LIST_LIMIT, Layout, RangeQuery, SpanQuery, Store, Stored, WriteResult, assertSafeKey, partitionForList } from './store';

type Row = { raw: string; etag: string };

/** Ordinal order, as Azure Tables sorts keys (localeCompare would put 'a' before 'B'). */
const ordinal = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** In-memory Store for unit tests only; the product always uses TableStore. Partitions are kept as in Azure. */
export class MemoryStore implements Store {
  private readonly data = new Map<string, Map<string, Map<string, Row>>>();

  collection<T>(name: string, parse: (raw: unknown) => T, layout: Layout = single): Collection<T> {
    let table = this.data.get(name);
    if (!table) {
      table = new Map();
      this.data.set(name, table);
    }
    const t = table;
    const part = (key: string): Map<string, Row> => {
      const pk = layout.partitionOf(key);
      let p = t.get(pk);
      if (!p) {
        p = new Map();
        t.set(pk, p);
      }
      return p;
    };
    const create = (key: string, value: T): WriteResult => {
      assertSafeKey(key);
      const p = part(key);
      if (p.has(key)) return { ok: false, reason: 'exists' };
      const etag = randomUUID();
      p.set(key, { raw: JSON.stringify(value), etag });
      return { ok: true, etag };
    };
    const read = (key: string, e: Row): Stored<T> => ({ key, value: parse(JSON.parse(e.raw)), etag: e.etag });
    const rangeOf = (pk: string, q: RangeQuery): Stored<T>[] => {
      const p = t.get(pk);
      if (!p) return [];
      return [...p.entries()]
        .filter(([k]) => (q.prefix === undefined || k.startsWith(q.prefix)) && (q.after === undefined || k > q.after) && (q.before === undefined || k < q.before))
        .sort(([a], [b]) => ordinal(a, b))
        .slice(0, q.limit)
        .map(([k, e]) => read(k, e));
    };
    return {
      layout,
      async get(key) {
        assertSafeKey(key);
        const e = t.get(layout.partitionOf(key))?.get(key);
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
        const p = part(key);
        const cur = p.get(key);
        if (ifMatch !== undefined && (!cur || cur.etag !== ifMatch)) return { ok: false, reason: cur ? 'conflict' : 'missing' };
        const etag = randomUUID();
        p.set(key, { raw: JSON.stringify(value), etag });
        return { ok: true, etag };
      },
      async delete(key, ifMatch) {
        assertSafeKey(key);
        const p = t.get(layout.partitionOf(key));
        const cur = p?.get(key);
        if (p && cur && (ifMatch === undefined || cur.etag === ifMatch)) p.delete(key);
      },
      async deleteMany(keys) {
        for (const k of keys) await this.delete(k);
        return keys.length;
      },
      async range(partition, q) {
        return rangeOf(partition, q);
      },
      async list(prefix, limit = LIST_LIMIT) {
        return rangeOf(partitionForList(layout, prefix), { prefix, limit });
      },
      async span(q: SpanQuery) {
        const after = q.afterKey === undefined ? undefined : { pk: layout.partitionOf(q.afterKey), key: q.afterKey };
        const out: Stored<T>[] = [];
        for (const pk of [...t.keys()].sort(ordinal)) {
          if ((q.from !== undefined && pk < q.from) || (q.before !== undefined && pk >= q.before) || (after && pk < after.pk)) continue;
          out.push(...rangeOf(pk, { after: after && pk === after.pk ? after.key : undefined, before: q.keyBefore, limit: q.limit - out.length }));
          if (out.length >= q.limit) break;
        }
        return out;
      },
    };
  }
}
