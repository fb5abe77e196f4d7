import { Outbox, PENDING_PER_SHARD } from '../../../src/notifications/outbox';
import { OutboxItem } from '../../../src/notifications/types';
import { ExpiryIndex } from '../../../src/storage/expiry-index';
import { shardOf } from '../../../src/storage/layouts';
import { MemoryStore } from '../../../src/storage/memory-store';
import type { Collection, Layout, Store } from '../../../src/storage/store';
import { readAll } from '../../helpers/read-all';

const item = (dedupeKey: string, conversationKey: string): OutboxItem => ({
  dedupeKey, conversationKey, reference: { conversation: { id: conversationKey, isGroup: false, conversationType: 'personal', name: '' } }, op: { kind: 'text', text: dedupeKey },
});

function setup(): { outbox: Outbox; store: MemoryStore; index: ExpiryIndex; tick: (ms: number) => void; now: () => Date } {
  let t = Date.parse('2024-07-24T12:00:00Z');
  const store = new MemoryStore();
  const index = new ExpiryIndex(store);
  const now = (): Date => new Date(t);
  return { outbox: new Outbox(store, now, undefined, { index, keepMs: 3_600_000 }), store, index, now, tick: (ms) => void (t += ms) };
}

describe('outbox pending index and retention', () => {
  it('rows are partitioned by the conversation\'s shard and come back in enqueue order', async () => {
    const { outbox } = setup();
    for (let i = 0; i < 5; i++) {
      await outbox.enqueue(item(`a${i}`, 'conv-A'));
      await outbox.enqueue(item(`b${i}`, 'conv-B'));
    }
    const rows = await outbox.pendingRows();
    for (const r of rows) expect(r.rowKey.startsWith(`${shardOf(r.conversationKey)}|`)).toBe(true);
    expect(rows.filter((r) => r.conversationKey === 'conv-A').map((r) => r.createdAt)).toEqual(
      [...rows.filter((r) => r.conversationKey === 'conv-A').map((r) => r.createdAt)].sort(),
    );
  });

  it('an entry keeps one row through claim and retry (its dueAt moves), and loses it when sent, with an expiry hint', async () => {
    const { outbox, store, index, tick, now } = setup();
    await outbox.enqueue(item('x', 'conv-X'));
    const [row] = await outbox.pendingRows();
    const claim = await outbox.claim(row!, 60_000);
    if (typeof claim === 'string') throw new Error(claim);
    expect(await outbox.pendingRows()).toEqual([row]);
    const retryAt = new Date(now().getTime() + 30_000).toISOString();
    expect(await outbox.settle(claim, { status: 'pending', nextAttemptAt: retryAt })).toBe(true);
    const [moved] = await outbox.pendingRows();
    expect(moved).toEqual({ ...row, dueAt: retryAt });
    expect(await outbox.claim(moved!, 60_000)).toBe('held');
    tick(30_000);
    const again = await outbox.claim(moved!, 60_000);
    if (typeof again === 'string') throw new Error(again);
    expect(await outbox.settle(again, { status: 'sent', sentAt: now().toISOString() })).toBe(true);
    expect(await outbox.pendingRows()).toEqual([]);
    const hints = (await Promise.all([...'0123456789abcdef'].map((s) => index.due(s, new Date(now().getTime() + 3_601_000), 10)))).flat();
    expect(hints).toEqual([expect.objectContaining({ collection: 'outbox', key: again.id })]);
    await outbox.expire(again.id);
    expect(await readAll(store.collection('outbox', (r) => r))).toEqual([]);
  });

  it('a sent entry\'s row can wait for a batched delete (one transaction per shard), and a row left behind is dropped by its next claim', async () => {
    const store = new MemoryStore();
    const made = new Map<string, Collection<unknown>>();
    const collection = store.collection.bind(store);
    jest.spyOn(store, 'collection').mockImplementation(((name: string, parse: (raw: unknown) => unknown, layout?: Layout) => {
      const c = collection(name, parse, layout);
      made.set(name, c);
      return c;
    }) as Store['collection']);
    const outbox = new Outbox(store, () => new Date('2024-07-24T12:00:00Z'));
    const index = made.get('outboxpending')!;
    const deletes = jest.spyOn(index, 'delete');
    const batches = jest.spyOn(index, 'deleteMany');
    for (let i = 0; i < 4; i++) await outbox.enqueue(item(`s${i}`, 'conv-S'));
    const rows = await outbox.pendingRows();
    for (const row of rows.slice(0, 3)) {
      const claim = await outbox.claim(row, 60_000);
      if (typeof claim === 'string') throw new Error(claim);
      expect(await outbox.settle(claim, { status: 'sent' }, true)).toBe(true);
    }
    // Sent, but their rows are still listed until the batch goes.
    expect((await outbox.pendingRows()).map((r) => r.id)).toEqual(rows.map((r) => r.id));
    expect(deletes).not.toHaveBeenCalled();
    await outbox.dropFinishedRows();
    expect(batches).toHaveBeenCalledTimes(1);
    expect(batches).toHaveBeenCalledWith(rows.slice(0, 3).map((r) => r.rowKey));
    expect((await outbox.pendingRows()).map((r) => r.id)).toEqual([rows[3]!.id]);
    await outbox.dropFinishedRows();
    expect(batches).toHaveBeenCalledTimes(1);
    // A crash before the batch: the row of a sent entry is found again, and its claim drops it instead of sending.
    const last = await outbox.claim(rows[3]!, 60_000);
    if (typeof last === 'string') throw new Error(last);
    expect(await outbox.settle(last, { status: 'sent' }, true)).toBe(true);
    expect(await outbox.claim(rows[3]!, 60_000)).toBe('done');
    expect(await outbox.pendingRows()).toEqual([]);
  });

  it('the expiry handler leaves an unfinished entry alone', async () => {
    const { outbox } = setup();
    await outbox.enqueue(item('y', 'conv-Y'));
    const [row] = await outbox.pendingRows();
    await outbox.expire(row!.id);
    expect((await outbox.entries.get(row!.id))?.value.status).toBe('pending');
  });

  it('a backlog larger than one read is read shard by shard, oldest first, so a conversation is never read out of order', async () => {
    const { outbox, tick } = setup();
    // One busy conversation (more than one read of 1,000 rows, all in one shard) and a few quiet ones.
    for (let i = 0; i < 1_100; i++) {
      await outbox.enqueue(item(`busy-${i}`, 'conv-busy'));
      tick(1);
    }
    for (const c of ['q1', 'q2', 'q3', 'q4', 'q5', 'q6']) await outbox.enqueue(item(`${c}-0`, c));
    const rows = await outbox.pendingRows();
    const busy = rows.filter((r) => r.conversationKey === 'conv-busy');
    expect(busy.length).toBeLessThanOrEqual(PENDING_PER_SHARD);
    expect(busy.map((r) => r.createdAt)).toEqual(busy.map((r) => r.createdAt).sort());
    expect(busy[0]!.id).toBe(Buffer.from('busy-0').toString('base64url'));
    for (const c of ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].filter((k) => shardOf(k) !== shardOf('conv-busy'))) {
      expect(rows.some((r) => r.conversationKey === c)).toBe(true);
    }
  });
});
