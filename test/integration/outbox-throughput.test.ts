import { TEAMS_THREAD_LIMITS } from '../../src/notifications/rate-limiter';
import { createRng } from '../../src/emulator/rng';
import { FAST, OutboxHarness, until } from './outbox-harness';

/**
 * Issue 13 (P4): the sender uses the rate Teams allows. A 429 is waited out by the conversation's own worker (no
 * pass over the whole backlog per throttle), the next entry is claimed while the current one is sent (in order), and
 * a claim taken ahead but never used is given back when the sender stops, so another sender need not wait out its lease.
 */
describe('outbox throughput (issue 13)', () => {
  let h: OutboxHarness;
  beforeAll(async () => {
    h = await new OutboxHarness().start();
  });
  afterAll(() => h.stop());

  it('429s with Retry-After are waited out in the worker: each notice once, in order, never before Retry-After, few backlog passes', async () => {
    const convs = [0, 1, 2, 3, 4, 5].map((i) => `19:tp-${i}@thread.tacv2`);
    h.connector.enforceLimits({ windows: [...TEAMS_THREAD_LIMITS], randomThrottle: 0.15, random: createRng(7), randomRetryAfterSec: 1 });
    const sender = h.sender({ ...FAST, marginMs: 20, globalPerSecond: 1_000 });
    for (let i = 0; i < 10; i++) for (const c of convs) await sender.outbox.enqueue(h.item(`tp-${c}-${i}`, c));
    const t0 = Date.now();
    sender.start();
    await until(() => convs.every((c) => h.connector.calls.filter((x) => x.conversationId === c && x.status === 200).length === 10), 30_000);
    const wallS = (Date.now() - t0) / 1000;
    await sender.stop();
    const throttled = h.connector.calls.filter((x) => convs.includes(x.conversationId ?? '') && x.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    for (const c of convs) {
      const calls = h.connector.calls.filter((x) => x.conversationId === c);
      const ok = calls.filter((x) => x.status === 200).map((x) => JSON.stringify(x.body));
      // In enqueue order: the claim taken ahead never lets a later notice overtake an earlier one.
      ok.forEach((body, i) => expect(body).toContain(`tp-${c}-${i}"`));
      // Nothing reaches the conversation within a second after a 429 (Retry-After: 1).
      for (const t of calls.filter((x) => x.status === 429)) {
        expect(calls.filter((x) => x.at! > t.at! && x.at! < t.at! + 1_000)).toHaveLength(0);
      }
    }
    expect([...h.deliveredPerKey().entries()].filter(([k]) => k.startsWith('tp-')).every(([, n]) => n === 1)).toBe(true);
    // Before issue 13 every 429 ended the worker and set off a pass over the backlog every 250 ms until the entry was due.
    expect(sender.stats.passes).toBeLessThanOrEqual(Math.ceil(wallS * 1.5) + 3);
  }, 40_000);

  it('a claim taken ahead is given back when the sender stops: a second sender delivers the rest at once, each once', async () => {
    const c = '19:tp-release@thread.tacv2';
    h.connector.enforceLimits({ windows: [...TEAMS_THREAD_LIMITS] });
    const first = h.sender({ ...FAST, marginMs: 20, globalPerSecond: 1_000 });
    for (let i = 0; i < 12; i++) await first.outbox.enqueue(h.item(`rel-${i}`, c));
    first.start();
    await until(() => h.connector.calls.filter((x) => x.conversationId === c && x.status === 200).length >= 3, 10_000);
    await first.stop();
    // The lease is 2 minutes: a claim left behind would hold the rest up far longer than this test waits.
    const second = h.sender({ ...FAST, marginMs: 20, globalPerSecond: 1_000 });
    second.start();
    await until(() => h.connector.calls.filter((x) => x.conversationId === c && x.status === 200).length >= 12, 15_000);
    await second.stop();
    const per = h.deliveredPerKey();
    for (let i = 0; i < 12; i++) expect(per.get(`rel-${i}`)).toBe(1);
    expect(first.stats.released).toBeGreaterThanOrEqual(1);
  }, 40_000);
});
