import { RetentionSweeper } from '../../../src/retention/retention-sweeper';
import { expiryTask } from '../../../src/retention/expiry-task';
import { ExpiryIndex, stampOf } from '../../../src/storage/expiry-index';
import { MemoryStore } from '../../../src/storage/memory-store';
import { SweepTask } from '../../../src/storage/sweep';

const silent = { info: () => undefined, warn: jest.fn(), error: jest.fn(), debug: () => undefined };
const NOW = new Date('2024-07-24T12:00:00Z');

/** A task with `due` rows that hands out at most `limit` per call, recording each call's limit. */
function counted(name: string, due: number): SweepTask & { calls: number[]; left: () => number } {
  let left = due;
  const calls: number[] = [];
  return {
    name, calls, left: () => left,
    sweep: async (_now, limit) => {
      calls.push(limit);
      const n = Math.min(limit, left);
      left -= n;
      return n;
    },
  };
}

describe('RetentionSweeper', () => {
  it('sweeps in bounded batches until a batch comes back short, and counts per task', async () => {
    const t = counted('handles', 250);
    const s = new RetentionSweeper({ store: new MemoryStore(), tasks: [t], now: () => NOW, logger: silent, everyMs: 1000, batch: 100 });
    expect(await s.tick()).toBe(true);
    expect(t.calls).toEqual([100, 100, 100]);
    expect(s.totals.get('handles')).toBe(250);
  });

  it('stops a task after maxBatches; the rest waits for the next tick', async () => {
    const t = counted('audit', 1000);
    const s = new RetentionSweeper({ store: new MemoryStore(), tasks: [t], now: () => NOW, logger: silent, everyMs: 1000, batch: 100, maxBatches: 3 });
    await s.tick();
    expect(t.left()).toBe(700);
    await s.tick();
    expect(t.left()).toBe(400);
  });

  it('only the instance holding the lease sweeps', async () => {
    const store = new MemoryStore();
    const a = counted('a', 10);
    const b = counted('b', 10);
    const first = new RetentionSweeper({ store, tasks: [a], now: () => NOW, logger: silent, everyMs: 1000 });
    const second = new RetentionSweeper({ store, tasks: [b], now: () => NOW, logger: silent, everyMs: 1000 });
    expect(await first.tick()).toBe(true);
    expect(await second.tick()).toBe(false);
    expect(b.calls).toEqual([]);
    await first.stop();
    expect(await second.tick()).toBe(true);
    expect(b.left()).toBe(0);
  });

  it('takes turns: a task far behind does not hold up the others within a tick', async () => {
    const order: string[] = [];
    const tagged = (name: string, due: number): SweepTask => {
      let left = due;
      return { name, sweep: async (_now, limit) => { order.push(name); const n = Math.min(limit, left); left -= n; return n; } };
    };
    const s = new RetentionSweeper({ store: new MemoryStore(), tasks: [tagged('handles', 350), tagged('audit', 120)], now: () => NOW, logger: silent, everyMs: 1000, batch: 100 });
    await s.tick();
    expect(order).toEqual(['handles', 'audit', 'handles', 'audit', 'handles', 'handles']);
    expect(Object.fromEntries(s.totals)).toEqual({ handles: 350, audit: 120 });
  });

  it('a failing task is logged and the others still run', async () => {
    const warn = jest.fn();
    const broken: SweepTask = { name: 'broken', sweep: async () => { throw new Error('storage said no'); } };
    const ok = counted('ok', 5);
    const s = new RetentionSweeper({ store: new MemoryStore(), tasks: [broken, ok], now: () => NOW, logger: { ...silent, warn }, everyMs: 1000 });
    await s.tick();
    expect(ok.left()).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ task: 'broken', err: { message: 'storage said no' } }), expect.stringContaining('failed'));
  });
});

describe('the expiry index', () => {
  it('hands due entries to their collection, oldest first, never ones not yet due, and drops each entry after', async () => {
    const store = new MemoryStore();
    const index = new ExpiryIndex(store);
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) await index.add('observed', `k${i}`, NOW.getTime() - (40 - i) * 1000);
    await index.add('observed', 'later', NOW.getTime() + 60_000);
    const task = expiryTask(index, { observed: async (k) => void seen.push(k) }, silent);
    expect(await task.sweep(NOW, 25)).toBe(25);
    expect(await task.sweep(NOW, 100)).toBe(15);
    expect(await task.sweep(NOW, 100)).toBe(0);
    expect(seen.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `k${i}`).sort());
    expect(await task.sweep(new Date(NOW.getTime() + 61_000), 100)).toBe(1);
    expect(seen).toContain('later');
  });

  it('a row its owner cannot expire keeps its entry while storage is away, and loses it for any other error', async () => {
    const { RetryableError } = await import('../../../src/shared/errors');
    const index = new ExpiryIndex(new MemoryStore());
    await index.add('notices', 'away', NOW.getTime() - 1000);
    await index.add('notices', 'broken', NOW.getTime() - 1000);
    const logger = { warn: jest.fn(), error: jest.fn() };
    const task = expiryTask(index, { notices: async (k) => { throw k === 'away' ? new RetryableError('storage away') : new Error('does not parse'); } }, logger);
    expect(await task.sweep(NOW, 10)).toBe(1);
    expect(logger.error).toHaveBeenCalledWith(expect.objectContaining({ key: 'broken' }), expect.stringContaining('dropped'));
    const left = (await Promise.all([...'0123456789abcdef'].map((s) => index.due(s, NOW, 10)))).flat();
    expect(left.map((e) => e.key)).toEqual(['away']);
  });

  it('an entry for a collection nobody handles is logged and dropped, not retried forever', async () => {
    const warn = jest.fn();
    const index = new ExpiryIndex(new MemoryStore());
    await index.add('renamed', 'k', NOW.getTime() - 1000);
    const task = expiryTask(index, {}, { warn, error: jest.fn() });
    expect(await task.sweep(NOW, 10)).toBe(1);
    expect(await task.sweep(NOW, 10)).toBe(0);
    expect(warn).toHaveBeenCalledWith({ collection: 'renamed' }, expect.stringContaining('nobody sweeps'));
  });

  it('keys sort by time: an 8-hex stamp of seconds, and the same hint twice is one row', async () => {
    expect(stampOf(new Date('2024-07-24T12:00:00Z'))).toBe((Date.parse('2024-07-24T12:00:00Z') / 1000).toString(16).padStart(8, '0'));
    expect(stampOf(0) < stampOf(NOW)).toBe(true);
    const index = new ExpiryIndex(new MemoryStore());
    await index.add('mutes', 'm', NOW);
    await index.add('mutes', 'm', NOW);
    expect((await Promise.all([...'0123456789abcdef'].map((s) => index.due(s, NOW, 10)))).flat()).toEqual([]);
    const due = (await Promise.all([...'0123456789abcdef'].map((s) => index.due(s, new Date(NOW.getTime() + 1000), 10)))).flat();
    expect(due).toEqual([{ indexKey: expect.any(String), collection: 'mutes', key: 'm' }]);
  });

  it('an entry is handed over only once its whole second has passed, so the row it names is surely due', async () => {
    const index = new ExpiryIndex(new MemoryStore());
    await index.add('notices', 'n', NOW.getTime() + 700);
    const seen: string[] = [];
    const task = expiryTask(index, { notices: async (k) => void seen.push(k) }, silent);
    expect(await task.sweep(new Date(NOW.getTime() + 800), 10)).toBe(0);
    expect(await task.sweep(new Date(NOW.getTime() + 1000), 10)).toBe(1);
    expect(seen).toEqual(['n']);
  });

  it('a row not due yet (another clock ran ahead) gets a new entry for when its owner says, and is handled then', async () => {
    const index = new ExpiryIndex(new MemoryStore());
    await index.add('mutes', 'm', NOW);
    let calls = 0;
    const task = expiryTask(index, { mutes: async () => (++calls === 1 ? NOW.getTime() + 5_000 : undefined) }, silent);
    const at = (ms: number): Date => new Date(NOW.getTime() + ms);
    expect(await task.sweep(at(1000), 10)).toBe(1);
    expect(await task.sweep(at(2000), 10)).toBe(0);
    expect(await task.sweep(at(6000), 10)).toBe(1);
    expect(calls).toBe(2);
    expect(await task.sweep(at(60_000), 10)).toBe(0);
  });
});
