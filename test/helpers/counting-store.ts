import { Collection, Store } from '../../src/storage/store';

/** Every write a store was asked for, per collection: create, put, delete and the batched forms. */
export class WriteCounter {
  readonly writes: { collection: string; op: string; key?: string }[] = [];

  reset(): void {
    this.writes.length = 0;
  }

  /** `{ handles: 2, audit: 1 }`: writes since the last reset, by collection. */
  byCollection(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const w of this.writes) out[w.collection] = (out[w.collection] ?? 0) + 1;
    return out;
  }

  /** A store that passes everything through to `inner` and records each write before making it. */
  wrap(inner: Store): Store {
    const record = (collection: string, op: string, key?: string): void => {
      this.writes.push({ collection, op, key });
    };
    return {
      collection<T>(name: string, parse: (raw: unknown) => T, layout?: Parameters<Store['collection']>[2]): Collection<T> {
        const c = inner.collection(name, parse, layout);
        const counted: Collection<T> = {
          layout: c.layout,
          get: (key) => c.get(key),
          range: (partition, q) => c.range(partition, q),
          list: (prefix, limit) => c.list(prefix, limit),
          span: (q) => c.span(q),
          create: (key, value) => {
            record(name, 'create', key);
            return c.create(key, value);
          },
          put: (key, value, ifMatch) => {
            record(name, 'put', key);
            return c.put(key, value, ifMatch);
          },
          delete: (key, ifMatch) => {
            record(name, 'delete', key);
            return c.delete(key, ifMatch);
          },
          deleteMany: (keys) => {
            for (const key of keys) record(name, 'deleteMany', key);
            return c.deleteMany(keys);
          },
        };
        if (c.createMany) {
          const many = c.createMany.bind(c);
          counted.createMany = (entries) => {
            for (const e of entries) record(name, 'createMany', e.key);
            return many(entries);
          };
        }
        return counted;
      },
    };
  }
}
