import { TableClient, TableServiceClient, TableServiceClientOptions, TransactionAction, odata } from '@azure/data-tables';
import { single } from './layouts';
import { Collection, LIST_LIMIT, Layout, RangeQuery, SpanQuery, Store, Stored, WriteResult, assertSafeKey, partitionForList } from './store';
import { statusOf, storageErrorsAreRetryable } from './table-errors';

/** Azure Tables accepts at most 100 operations per transaction (one partition). */
const TRANSACTION_MAX = 100;
/** Transactions in flight at once for createMany: enough to hide round trips, few enough not to swamp Azurite. */
const TRANSACTIONS_IN_FLIGHT = 4;
/** The service's own page size ceiling. */
const PAGE_MAX = 1_000;

interface Row {
  [k: string]: unknown;
  partitionKey: string;
  rowKey: string;
  data: string;
  etag?: string;
}

/**
 * Azure Table Storage (Azurite locally). One table per collection, values as one JSON column;
 * the service's ETags give us compare-and-set without any locking of our own.
 */
export interface TableStoreOptions {
  /**
   * Per-request bound. Without one, a storage account that accepts connections but never answers (the T18 fault run
   * freezes Azurite) held a chat turn past Teams' 15 s; a timed-out request is not retried by the SDK.
   */
  requestTimeoutMs?: number;
  /** Retries of refused connections and 5xx, kept short for the same reason (the SDK's default is 3, from 1 s up). */
  maxRetries?: number;
}

export class TableStore implements Store {
  private readonly ready = new Map<string, Promise<void>>();
  private readonly clientOptions: TableServiceClientOptions;

  constructor(private readonly connectionString: string, private readonly tablePrefix = 'jobops', o: TableStoreOptions = {}) {
    const timeoutMs = o.requestTimeoutMs ?? 5_000;
    this.clientOptions = {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: o.maxRetries ?? 2, retryDelayInMs: 250, maxRetryDelayInMs: 1_000 },
      additionalPolicies: [{
        position: 'perRetry',
        policy: {
          name: 'jobopsStorageTimeout',
          sendRequest(req, next) {
            if (!req.timeout || req.timeout > timeoutMs) req.timeout = timeoutMs;
            return next(req);
          },
        },
      }],
    };
  }

  /** Checks the account answers; used by /healthz readiness and start-up. */
  async ping(): Promise<void> {
    const svc = TableServiceClient.fromConnectionString(this.connectionString, this.clientOptions);
    const iter = svc.listTables().byPage({ maxPageSize: 1 });
    await iter.next();
  }

  /** The table a collection lives in (tests and the soak count rows through it). */
  tableName(name: string): string {
    return `${this.tablePrefix}${name.replace(/[^A-Za-z0-9]/g, '')}`;
  }

  collection<T>(name: string, parse: (raw: unknown) => T, layout: Layout = single): Collection<T> {
    const tableName = this.tableName(name);
    const client = TableClient.fromConnectionString(this.connectionString, tableName, this.clientOptions);
    const ensure = (): Promise<void> => {
      let p = this.ready.get(tableName);
      if (!p) {
        p = client.createTable().catch((err: unknown) => {
          this.ready.delete(tableName);
          throw err;
        });
        this.ready.set(tableName, p);
      }
      return p;
    };
    const toStored = (row: Row): Stored<T> => ({ key: row.rowKey, value: parse(JSON.parse(row.data)), etag: row.etag ?? '' });
    const entity = (key: string, value: T): Row & Record<string, unknown> => ({ partitionKey: layout.partitionOf(key), rowKey: key, data: JSON.stringify(value) });
    /** Reads pages until `limit` rows or the end: the service pages by 1,000 rows or 5 s, whichever comes first. */
    const query = async (filter: string, limit: number): Promise<Stored<T>[]> => {
      await ensure();
      const out: Stored<T>[] = [];
      const pages = client.listEntities<Row>({ queryOptions: { filter } }).byPage({ maxPageSize: Math.max(1, Math.min(PAGE_MAX, limit)) });
      for await (const page of pages) {
        for (const row of page) {
          if (out.length >= limit) break;
          out.push(toStored(row as Row));
        }
        if (out.length >= limit) break;
      }
      return out;
    };

    const deleteOne = async (key: string, ifMatch?: string): Promise<void> => {
      assertSafeKey(key);
      await ensure();
      try {
        await client.deleteEntity(layout.partitionOf(key), key, ifMatch ? { etag: ifMatch } : undefined);
      } catch (err) {
        if (statusOf(err) !== 404 && statusOf(err) !== 412) throw err;
      }
    };
    const createOne = async (key: string, value: T): Promise<WriteResult> => {
      assertSafeKey(key);
      await ensure();
      try {
        const res = await client.createEntity(entity(key, value));
        return { ok: true, etag: res.etag ?? '' };
      } catch (err) {
        if (statusOf(err) === 409) return { ok: false, reason: 'exists' };
        throw err;
      }
    };
    /** One transaction (one partition); if any row already exists the whole batch is refused, so redo it row by row. */
    const createChunk = async (chunk: { key: string; value: T }[]): Promise<WriteResult[]> => {
      if (chunk.length > 1) {
        try {
          const res = await client.submitTransaction(chunk.map((e) => ['create', entity(e.key, e.value)]));
          return chunk.map((e) => ({ ok: true, etag: res.getResponseForEntity(e.key)?.etag ?? '' }));
        } catch (err) {
          if (statusOf(err) !== 409) throw err;
        }
      }
      const out: WriteResult[] = [];
      for (const e of chunk) out.push(await createOne(e.key, e.value));
      return out;
    };

    return storageErrorsAreRetryable({
      layout,
      async createMany(entries) {
        entries.forEach((e) => assertSafeKey(e.key));
        await ensure();
        // A key repeated in the input: the first occurrence is written, later ones are "exists" (as if sequential).
        const firstAt = new Map<string, number>();
        entries.forEach((e, i) => firstAt.has(e.key) || firstAt.set(e.key, i));
        const unique = entries.filter((e, i) => firstAt.get(e.key) === i);
        // A transaction spans one partition: group by partition, then cut each group into chunks of 100.
        const groups = new Map<string, { key: string; value: T }[]>();
        for (const e of unique) {
          const pk = layout.partitionOf(e.key);
          groups.set(pk, [...(groups.get(pk) ?? []), e]);
        }
        const chunks: { key: string; value: T }[][] = [];
        for (const g of groups.values()) for (let i = 0; i < g.length; i += TRANSACTION_MAX) chunks.push(g.slice(i, i + TRANSACTION_MAX));
        const byKey = new Map<string, WriteResult>();
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < chunks.length) {
            const chunk = chunks[next++] ?? [];
            const results = await createChunk(chunk);
            chunk.forEach((e, i) => byKey.set(e.key, results[i] ?? { ok: false, reason: 'exists' }));
          }
        };
        await Promise.all(Array.from({ length: Math.min(TRANSACTIONS_IN_FLIGHT, chunks.length) }, worker));
        const exists: WriteResult = { ok: false, reason: 'exists' };
        return entries.map((e, i) => (firstAt.get(e.key) === i ? byKey.get(e.key) ?? exists : exists));
      },
      async get(key) {
        assertSafeKey(key);
        await ensure();
        try {
          const row = await client.getEntity<Row>(layout.partitionOf(key), key);
          return toStored(row as Row);
        } catch (err) {
          if (statusOf(err) === 404) return undefined;
          throw err;
        }
      },
      create: createOne,
      async put(key, value, ifMatch): Promise<WriteResult> {
        assertSafeKey(key);
        await ensure();
        try {
          const res = ifMatch === undefined
            ? await client.upsertEntity(entity(key, value), 'Replace')
            : await client.updateEntity(entity(key, value), 'Replace', { etag: ifMatch });
          return { ok: true, etag: res.etag ?? '' };
        } catch (err) {
          const s = statusOf(err);
          if (s === 412) return { ok: false, reason: 'conflict' };
          if (s === 404) return { ok: false, reason: 'missing' };
          throw err;
        }
      },
      delete: deleteOne,
      async deleteMany(keys) {
        keys.forEach(assertSafeKey);
        await ensure();
        const groups = new Map<string, string[]>();
        for (const k of keys) {
          const pk = layout.partitionOf(k);
          groups.set(pk, [...(groups.get(pk) ?? []), k]);
        }
        for (const [pk, g] of groups) {
          for (let i = 0; i < g.length; i += TRANSACTION_MAX) {
            const chunk = g.slice(i, i + TRANSACTION_MAX);
            try {
              // One request for up to 100 deletes of one partition. A row already gone fails the whole transaction
              // (nothing is deleted); then each row goes on its own, where a 404 is skipped.
              await client.submitTransaction(chunk.map((k): TransactionAction => ['delete', { partitionKey: pk, rowKey: k }]));
            } catch (err) {
              if (statusOf(err) !== 404) throw err;
              for (const k of chunk) await deleteOne(k);
            }
          }
        }
        return keys.length;
      },
      range: async (partition, q) => query(rangeFilter(partition, q), q.limit),
      list: async (prefix, limit = LIST_LIMIT) => query(rangeFilter(partitionForList(layout, prefix), { prefix, limit }), limit),
      span: async (q) => query(spanFilter(layout, q), q.limit),
    });
  }
}

/** Row keys sort lexically, so a prefix is a range: [prefix, prefix + U+FFFF). */
function rangeFilter(partition: string, q: RangeQuery): string {
  const parts = [odata`PartitionKey eq ${partition}`];
  if (q.prefix) parts.push(odata`RowKey ge ${q.prefix}`, odata`RowKey lt ${`${q.prefix}\uffff`}`);
  if (q.after !== undefined) parts.push(odata`RowKey gt ${q.after}`);
  if (q.before !== undefined) parts.push(odata`RowKey lt ${q.before}`);
  return parts.join(' and ');
}

function spanFilter(layout: Layout, q: SpanQuery): string {
  const parts: string[] = [];
  if (q.from !== undefined) parts.push(odata`PartitionKey ge ${q.from}`);
  if (q.before !== undefined) parts.push(odata`PartitionKey lt ${q.before}`);
  if (q.keyBefore !== undefined) parts.push(odata`RowKey lt ${q.keyBefore}`);
  if (q.afterKey !== undefined) {
    const pk = layout.partitionOf(q.afterKey);
    parts.push(`(${odata`PartitionKey gt ${pk}`} or (${odata`PartitionKey eq ${pk}`} and ${odata`RowKey gt ${q.afterKey}`}))`);
  }
  return parts.length ? parts.join(' and ') : odata`PartitionKey ge ${''}`;
}
