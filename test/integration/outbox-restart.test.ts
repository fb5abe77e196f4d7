import { FAST, OutboxHarness, until } from './outbox-harness';

/** T17 and scale-out: the outbox survives a stopped or killed sender, and two senders never send one entry twice. */
describe('outbox restart and scale-out (T17)', () => {
  let h: OutboxHarness;
  beforeAll(async () => {
    h = await new OutboxHarness().start();
  });
  afterAll(() => h.stop());

  const okFor = (prefix: string): number => h.connector.calls.filter((c) => c.status === 200 && c.conversationId?.startsWith(prefix)).length;
  const keysWith = (prefix: string): [string, number][] => [...h.deliveredPerKey().entries()].filter(([k]) => k.startsWith(prefix));

  it('stop mid-outbox, a new Sender on the same store delivers the rest: all 20 exactly once', async () => {
    const first = h.sender(FAST);
    const convs = ['19:rs-a@thread.tacv2', '19:rs-b@thread.tacv2'];
    for (let i = 0; i < 10; i++) for (const c of convs) await first.outbox.enqueue(h.item(`rs-${c}-${i}`, c));
    first.start();
    // Teams' limits let each conversation send 7 and then hold: stop while the outbox is part-drained.
    await until(() => okFor('19:rs-') >= 5);
    await first.stop();
    const before = okFor('19:rs-');
    expect(before).toBeLessThan(20);
    const second = h.sender(FAST);
    second.start();
    await until(() => okFor('19:rs-') >= 20, 20_000);
    await second.stop();
    const keys = keysWith('rs-');
    expect(keys).toHaveLength(20);
    expect(keys.every(([, n]) => n === 1)).toBe(true);
    expect(await second.outbox.pendingRows()).toHaveLength(0);
  }, 30_000);

  it('a sender killed after claiming (entry left "sending") is taken over once its lease runs out', async () => {
    const dead = h.sender({ ...FAST, leaseMs: 500 });
    const c = '19:killed@thread.tacv2';
    await dead.outbox.enqueue(h.item('killed-1', c));
    await dead.outbox.enqueue(h.item('killed-2', c));
    // What a process killed between claiming and sending leaves behind: the first entry claimed, nothing sent.
    const rows = await dead.outbox.pendingRows();
    const claimed = await dead.outbox.claim(rows.find((r) => r.conversationKey === Buffer.from(c).toString('base64url'))!, 500);
    if (typeof claimed === 'string') throw new Error(`not claimed: ${claimed}`);
    expect(claimed.entry.status).toBe('sending');
    const next = h.sender({ ...FAST, leaseMs: 500 });
    await next.drainOnce();
    // Order per conversation: nothing goes before the claimed entry while its lease holds.
    expect(okFor(c)).toBe(0);
    await until(() => okFor(c) >= 2, 10_000, () => next.drainOnce());
    expect(keysWith('killed-')).toEqual([['killed-1', 1], ['killed-2', 1]]);
    const e = await next.outbox.entries.get(claimed.id);
    expect(e?.value).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('two senders draining one store at once: every entry once', async () => {
    const a = h.sender({ ...FAST, globalPerSecond: 100 });
    const b = h.sender({ ...FAST, globalPerSecond: 100 });
    const convs = Array.from({ length: 6 }, (_, i) => `19:two-${i}@thread.tacv2`);
    for (let i = 0; i < 5; i++) for (const c of convs) await a.outbox.enqueue(h.item(`two-${c}-${i}`, c));
    a.start();
    b.start();
    await until(() => okFor('19:two-') >= 30, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    await Promise.all([a.stop(), b.stop()]);
    const keys = keysWith('two-');
    expect(keys).toHaveLength(30);
    expect(keys.every(([, n]) => n === 1)).toBe(true);
    expect(okFor('19:two-')).toBe(30);
  }, 30_000);

  it('enqueue of one dedupe key from two writers at once stores one entry', async () => {
    const a = h.sender(FAST);
    const b = h.sender(FAST);
    const c = '19:race@thread.tacv2';
    const results = await Promise.all([a.outbox.enqueue(h.item('race-1', c)), b.outbox.enqueue(h.item('race-1', c))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await a.drainOnce();
    await b.drainOnce();
    expect(keysWith('race-')).toEqual([['race-1', 1]]);
    expect((await a.outbox.pendingRows()).filter((r) => r.conversationKey === Buffer.from(c).toString('base64url'))).toHaveLength(0);
  });
});
