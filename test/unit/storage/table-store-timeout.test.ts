import net from 'node:net';
import { RetryableError } from '../../../src/shared/errors';
import { TableStore } from '../../../src/storage/table-store';

/** A storage endpoint that accepts connections and never answers: what a frozen (SIGSTOP) Azurite looks like. */
let silent: net.Server;
let port = 0;
const sockets: net.Socket[] = [];
beforeAll(async () => {
  silent = net.createServer((s) => void sockets.push(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  port = (silent.address() as net.AddressInfo).port;
});
afterAll(async () => {
  sockets.forEach((s) => s.destroy());
  await new Promise((r) => silent.close(r));
});

// Azurite's published development account key (not a secret).
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const cs = (): string => `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};TableEndpoint=http://127.0.0.1:${port}/devstoreaccount1;`;

describe('TableStore against storage that never answers', () => {
  it('fails within the request bound with the retryable "storage is not reachable" error, not after minutes', async () => {
    const store = new TableStore(cs(), 'jobops', { requestTimeoutMs: 400 });
    const col = store.collection('frozen', (raw) => raw as { n: number });
    const t0 = Date.now();
    const err = await col.get('k').then(() => undefined, (e: unknown) => e);
    const ms = Date.now() - t0;
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toMatch(/storage is not reachable/);
    // One bounded attempt for creating the table, one for the read; no retry of a timed-out request.
    expect(ms).toBeLessThan(3_000);
  });

  it('a refused connection is retried briefly, then reported the same way', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const store = new TableStore(cs().replace(`:${port}/`, `:${closed}/`), 'jobops', { requestTimeoutMs: 400 });
    const t0 = Date.now();
    const err = await store.collection('refused', (raw) => raw).put('k', { n: 1 }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
