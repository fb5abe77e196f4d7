import { RestError, TableClient, TableServiceClient, TableServiceClientOptions, odata } from '@azure/data-tables';
import { RetryableError } from '../shared/errors';
import { Collection, Store, Stored, WriteResult, assertSafeKey } from './store';

const PARTITION = 'p';
/** Azure Tables accepts at most 100 operations per transaction (one partition). */
const TRANSACTION_MAX = 100;
/** Transactions in flight at once for createMany: enough to hide round trips, few enough not to swamp Azurite. */
const TRANSACTIONS_IN_FLIGHT = 4;

interface Row {
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

  collection<T>(name: string, parse: (raw: unknown) => T): Collection<T> {
    const tableName = `${this.tablePrefix}${name.replace(/[^A-Za-z0-9]/g, '')}`;
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

    const createOne = async (key: string, value: T): Promise<WriteResult> => {
      assertSafeKey(key);
      await ensure();
      try {
        const res = await client.createEntity({ partitionKey: PARTITION, rowKey: key, data: JSON.stringify(value) });
        return { ok: true, etag: res.etag ?? '' };
      } catch (err) {
        if (statusOf(err) === 409) return { ok: false, reason: 'exists' };
        throw err;
      }
    };
    /** One transaction; if any row already exists the whole batch is refused, so redo it row by row. */
    const createChunk = async (chunk: { key: string; value: T }[]): Promise<WriteResult[]> => {
      if (chunk.length > 1) {
        try {
          const res = await client.submitTransaction(
            chunk.map((e) => ['create', { partitionKey: PARTITION, rowKey: e.key, data: JSON.stringify(e.value) }]),
          );
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
      async createMany(entries) {
        entries.forEach((e) => assertSafeKey(e.key));
        await ensure();
        // A key repeated in the input: the first occurrence is written, later ones are "exists" (as if sequential).
        const firstAt = new Map<string, number>();
        entries.forEach((e, i) => firstAt.has(e.key) || firstAt.set(e.key, i));
        const unique = entries.filter((e, i) => firstAt.get(e.key) === i);
        const chunks: { key: string; value: T }[][] = [];
        for (let i = 0; i < unique.length; i += TRANSACTION_MAX) chunks.push(unique.slice(i, i + TRANSACTION_MAX));
        const results: WriteResult[][] = new Array<WriteResult[]>(chunks.length);
        let next = 0;
        const worker = async (): Promise<void> => {
          while (next < chunks.length) {
            const i = next++;
            results[i] = await createChunk(chunks[i] ?? []);
          }
        };
        await Promise.all(Array.from({ length: Math.min(TRANSACTIONS_IN_FLIGHT, chunks.length) }, worker));
        const flat = results.flat();
        const byKey = new Map(unique.map((e, i) => [e.key, flat[i]]));
        const exists: WriteResult = { ok: false, reason: 'exists' };
        return entries.map((e, i) => (firstAt.get(e.key) === i ? byKey.get(e.key) ?? exists : exists));
      },
      async get(key) {
        assertSafeKey(key);
        await ensure();
        try {
          const row = await client.getEntity<Row>(PARTITION, key);
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
        const entity = { partitionKey: PARTITION, rowKey: key, data: JSON.stringify(value) };
        try {
          const res = ifMatch === undefined
            ? await client.upsertEntity(entity, 'Replace')
            : await client.updateEntity(entity, 'Replace', { etag: ifMatch });
          return { ok: true, etag: res.etag ?? '' };
        } catch (err) {
          const s = statusOf(err);
          if (s === 412) return { ok: false, reason: 'conflict' };
          if (s === 404) return { ok: false, reason: 'missing' };
          throw err;
        }
      },
      async delete(key, ifMatch) {
        assertSafeKey(key);
        await ensure();
        try {
          await client.deleteEntity(PARTITION, key, ifMatch ? { etag: ifMatch } : undefined);
        } catch (err) {
          if (statusOf(err) !== 404 && statusOf(err) !== 412) throw err;
        }
      },
      async list(prefix = '') {
        await ensure();
        // Row keys sort lexically, so a prefix is a range query: [prefix, prefix + U+FFFF).
        const filter = prefix
          ? odata`PartitionKey eq ${PARTITION} and RowKey ge ${prefix} and RowKey lt ${prefix + '\uffff'}`
          : odata`PartitionKey eq ${PARTITION}`;
        const out: Stored<T>[] = [];
        for await (const row of client.listEntities<Row>({ queryOptions: { filter } })) out.push(toStored(row as Row));
        return out;
      },
    });
  }
}

/**
 * Storage being down (connection refused, timeouts, 5xx) is not the user's fault nor Azure ML's:
 * it becomes a RetryableError that the single translator turns into "try again in a minute".
 */
function storageErrorsAreRetryable<T>(c: Collection<T>): Collection<T> {
  const wrap = <A extends unknown[], R>(f: (...a: A) => Promise<R>) => (...a: A): Promise<R> =>
    f(...a).catch((err: unknown) => {
      const status = statusOf(err);
      // Only transport failures and service errors; a parse error of a stored row stays what it is.
      const timedOut = (err as { name?: string } | undefined)?.name === 'AbortError';
      if (timedOut || (err instanceof RestError && (status === undefined || status >= 500))) throw new RetryableError('the bot\'s storage is not reachable, so nothing was done.');
      throw err;
    });
  const out: Collection<T> = { get: wrap(c.get), create: wrap(c.create), put: wrap(c.put), delete: wrap(c.delete), list: wrap(c.list) };
  if (c.createMany) out.createMany = wrap(c.createMany);
  return out;
}

function statusOf(err: unknown): number | undefined {
  return err instanceof RestError ? err.statusCode : (err as { statusCode?: number } | undefined)?.statusCode;
}
