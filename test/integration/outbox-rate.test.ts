import { TEAMS_THREAD_LIMITS, WindowLimit } from '../../src/notifications/rate-limiter';
import { FAST, OutboxHarness, until } from './outbox-harness';

/** R5.3: per-conversation windows measured at the stand-in (arrival times), conversations in parallel. */
describe('outbox rate limits (R5.3)', () => {
  let h: OutboxHarness;
  beforeAll(async () => {
    h = await new OutboxHarness().start();
  });
  afterAll(() => h.stop());

  it('20 notices to one conversation with the real limits: never 8 in 1 s or 9 in 2 s; the 20th after ~4 s', async () => {
    const c = '19:real-limits@thread.tacv2';
    h.connector.enforceLimits({ windows: [...TEAMS_THREAD_LIMITS] });
    const sender = h.sender({ ...FAST, marginMs: 20, globalPerSecond: 100 });
    for (let i = 0; i < 20; i++) await sender.outbox.enqueue(h.item(`real-${i}`, c));
    await until(() => (h.deliveredPerKey().size >= 20), 20_000, () => sender.drainOnce());
    const ok = h.connector.calls.filter((x) => x.conversationId === c && x.status === 200);
    expect(ok).toHaveLength(20);
    expect(h.connector.calls.filter((x) => x.conversationId === c && x.status === 429)).toHaveLength(0);
    expect(h.connector.maxInWindow(c, 1_000)).toBeLessThanOrEqual(7);
    expect(h.connector.maxInWindow(c, 2_000)).toBeLessThanOrEqual(8);
    // 8 per 2 s binds: t(i+8) ≥ t(i) + 2 s ⇒ t(20) ≥ t(4) + 4 s.
    expect(ok[19]!.at! - ok[0]!.at!).toBeGreaterThanOrEqual(4_000);
    expect(ok[19]!.at! - ok[0]!.at!).toBeLessThan(8_000);
  }, 30_000);

  it('100 notices to one conversation (limits scaled ÷10 in time): never over any window at the stand-in', async () => {
    const c = '19:hundred@thread.tacv2';
    const scaled: WindowLimit[] = TEAMS_THREAD_LIMITS.map((l) => ({ limit: l.limit, windowMs: l.windowMs / 10 }));
    h.connector.enforceLimits({ windows: scaled });
    const sender = h.sender({ ...FAST, conversationLimits: scaled, marginMs: 20, globalPerSecond: 1_000 });
    for (let i = 0; i < 100; i++) await sender.outbox.enqueue(h.item(`hundred-${i}`, c));
    await until(() => h.connector.calls.filter((x) => x.conversationId === c && x.status === 200).length >= 100, 30_000, () => sender.drainOnce());
    expect(h.connector.calls.filter((x) => x.conversationId === c && x.status === 429)).toHaveLength(0);
    for (const w of scaled.slice(0, 3)) expect(h.connector.maxInWindow(c, w.windowMs)).toBeLessThanOrEqual(w.limit);
    const per = h.deliveredPerKey();
    for (let i = 0; i < 100; i++) expect(per.get(`hundred-${i}`)).toBe(1);
  }, 40_000);

  it('conversations proceed in parallel: 4 × 14 notices take about as long as one conversation', async () => {
    h.connector.enforceLimits({ windows: [...TEAMS_THREAD_LIMITS] });
    const sender = h.sender({ ...FAST, marginMs: 20, globalPerSecond: 100 });
    const convs = [0, 1, 2, 3].map((i) => `19:par-${i}@thread.tacv2`);
    for (let i = 0; i < 14; i++) for (const c of convs) await sender.outbox.enqueue(h.item(`par-${c}-${i}`, c));
    const t0 = Date.now();
    sender.start();
    await until(() => convs.every((c) => h.connector.calls.filter((x) => x.conversationId === c && x.status === 200).length === 14), 20_000);
    const wall = Date.now() - t0;
    await sender.stop();
    // One conversation alone needs ≥ 2 s (its 9th send waits for the 2 s window); four one after another would need ≥ 8 s.
    expect(wall).toBeGreaterThanOrEqual(2_000);
    expect(wall).toBeLessThan(7_000);
    for (const c of convs) expect(h.connector.maxInWindow(c, 1_000)).toBeLessThanOrEqual(7);
    expect([...h.deliveredPerKey().entries()].filter(([k]) => k.startsWith('par-')).every(([, v]) => v === 1)).toBe(true);
  }, 30_000);

  it('the global rate caps all conversations together', async () => {
    h.connector.enforceLimits({ windows: [...TEAMS_THREAD_LIMITS] });
    const sender = h.sender({ ...FAST, marginMs: 10, globalPerSecond: 10 });
    const convs = Array.from({ length: 10 }, (_, i) => `19:glob-${i}@thread.tacv2`);
    for (let i = 0; i < 3; i++) for (const c of convs) await sender.outbox.enqueue(h.item(`glob-${c}-${i}`, c));
    await until(() => h.connector.calls.filter((x) => x.conversationId?.startsWith('19:glob-') && x.status === 200).length >= 30, 20_000, () => sender.drainOnce());
    const t = h.connector.calls.filter((x) => x.conversationId?.startsWith('19:glob-')).map((x) => x.at!).sort((a, b) => a - b);
    let most = 0;
    for (let i = 0, j = 0; j < t.length; j++) {
      while (t[j]! - t[i]! >= 1_000) i++;
      most = Math.max(most, j - i + 1);
    }
    expect(most).toBeLessThanOrEqual(10);
    expect(t[t.length - 1]! - t[0]!).toBeGreaterThanOrEqual(2_000);
  }, 30_000);
});
