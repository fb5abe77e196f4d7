import { DeliveryLimiter, SlidingWindowLimiter, TEAMS_THREAD_LIMITS } from '../../../src/notifications/rate-limiter';

/** Sends as fast as the limiter allows from t=0 on a fake clock; returns the send times. */
function schedule(l: { waitMs(now: number): number; record(now: number): void }, n: number): number[] {
  const out: number[] = [];
  let now = 0;
  while (out.length < n) {
    const w = l.waitMs(now);
    if (w > 0) now += w;
    else {
      l.record(now);
      out.push(now);
    }
  }
  return out;
}

function maxInWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('SlidingWindowLimiter with Teams per-thread limits', () => {
  it('allows 7 at once, then never more than 7 in any 1 s or 8 in any 2 s', () => {
    const times = schedule(new SlidingWindowLimiter(TEAMS_THREAD_LIMITS), 40);
    expect(times.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(maxInWindow(times, 1_000)).toBe(7);
    expect(maxInWindow(times, 2_000)).toBe(8);
    // 8 per 2 s binds: t(i+8) >= t(i) + 2 s, so the 20th send is at 4 s at the earliest, and the limiter achieves it.
    expect(times[19]).toBe(4_000);
  });

  it('never more than 60 in any 30 s window', () => {
    const times = schedule(new SlidingWindowLimiter(TEAMS_THREAD_LIMITS), 200);
    expect(maxInWindow(times, 30_000)).toBe(60);
    expect(times[60]).toBeGreaterThanOrEqual(30_000);
  });

  it('never more than 1800 in any hour', () => {
    const times = schedule(new SlidingWindowLimiter(TEAMS_THREAD_LIMITS), 1_900);
    expect(maxInWindow(times, 3_600_000)).toBe(1_800);
    expect(times[1_800]).toBeGreaterThanOrEqual(3_600_000);
  });

  it('margin widens every window', () => {
    const l = new SlidingWindowLimiter([{ limit: 7, windowMs: 1_000 }], 50);
    for (let i = 0; i < 7; i++) l.record(0);
    expect(l.waitMs(0)).toBe(1_050);
    expect(l.waitMs(1_050)).toBe(0);
  });

  it('Retry-After pauses the stream and is never shortened', () => {
    const l = new SlidingWindowLimiter(TEAMS_THREAD_LIMITS);
    l.pauseUntil(5_000);
    l.pauseUntil(2_000);
    expect(l.waitMs(1_000)).toBe(4_000);
    expect(l.waitMs(5_000)).toBe(0);
  });

  it('rejects non-positive limits', () => {
    expect(() => new SlidingWindowLimiter([{ limit: 0, windowMs: 1_000 }])).toThrow();
  });
});

/** Takes a slot for an instantaneous send; true when one was free. */
function take(d: DeliveryLimiter, key: string, now: number): boolean {
  const end = d.tryAcquire(key, now);
  end?.(now);
  return end !== undefined;
}

describe('DeliveryLimiter', () => {
  it('keeps conversations apart and applies the global rate to all', () => {
    const d = new DeliveryLimiter(TEAMS_THREAD_LIMITS, 10);
    for (let i = 0; i < 7; i++) expect(take(d, 'a', 0)).toBe(true);
    expect(take(d, 'a', 0)).toBe(false);
    expect(take(d, 'b', 0)).toBe(true);
    expect(take(d, 'c', 0)).toBe(true);
    expect(take(d, 'd', 0)).toBe(true);
    // 10 sends so far: the global window is full for everyone until it slides.
    expect(take(d, 'e', 0)).toBe(false);
    expect(d.waitMs('e', 0)).toBe(1_000);
    expect(take(d, 'e', 1_000)).toBe(true);
  });

  it('a paused conversation does not hold up the others', () => {
    const d = new DeliveryLimiter(TEAMS_THREAD_LIMITS, 30);
    d.pause('a', 3_000);
    expect(d.conversationWaitMs('a', 0)).toBe(3_000);
    expect(take(d, 'a', 0)).toBe(false);
    expect(take(d, 'b', 0)).toBe(true);
    expect(take(d, 'a', 3_000)).toBe(true);
  });

  it('forgets idle conversations', () => {
    const d = new DeliveryLimiter([{ limit: 2, windowMs: 1_000 }], 30);
    take(d, 'a', 0);
    take(d, 'a', 0);
    d.sweep(500);
    expect(take(d, 'a', 500)).toBe(false);
    d.sweep(1_001);
    expect(take(d, 'a', 1_001)).toBe(true);
  });
});

describe('sends in flight', () => {
  it('count until they complete, and then for a whole window after completion', () => {
    const l = new SlidingWindowLimiter([{ limit: 2, windowMs: 1_000 }]);
    const a = l.begin();
    const b = l.begin();
    expect(l.waitMs(0)).toBeGreaterThan(0);
    a(300);
    b(400);
    // Teams may have seen them as late as 300/400 ms: the window frees 1 s after the earlier completion.
    expect(l.waitMs(1_000)).toBe(300);
    expect(l.waitMs(1_300)).toBe(0);
  });
  it('an end called twice counts once', () => {
    const l = new SlidingWindowLimiter([{ limit: 1, windowMs: 1_000 }]);
    const a = l.begin();
    a(0);
    a(500);
    expect(l.waitMs(1_000)).toBe(0);
  });
});
