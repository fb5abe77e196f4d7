/**
 * Rate limits for sending to Teams, pure (the caller passes the time), so they are testable with a fake clock.
 *
 * Teams states its limits as "N per window" (per bot per thread: 7/1 s, 8/2 s, 60/30 s, 1800/h) and answers 429
 * as soon as any window holds more. A classic token bucket (capacity N, refill N/window) would allow up to 2N in
 * one window (a full bucket plus a window's refill), so each limit is enforced as an exact sliding window: a send
 * is allowed only when every window ending now holds fewer than its limit. `marginMs` widens every window a little
 * for clock differences with Teams.
 */
export interface WindowLimit {
  limit: number;
  windowMs: number;
}

/** Teams' published per-bot-per-thread limits (teams-facts.md). */
export const TEAMS_THREAD_LIMITS: readonly WindowLimit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** Wait reported while a window is full of sends still in flight (their time is not known yet). */
const IN_FLIGHT_POLL_MS = 5;

/**
 * A set of sliding windows over one stream of sends (one conversation, or the whole app).
 *
 * A send counts from the moment it is dispatched until `windowMs` after it completed. Teams counts the arrival,
 * which lies somewhere between the two; counting by dispatch alone let 11 of 10 per second arrive in a test on a
 * busy machine (concurrent requests leave the process at different speeds). With completion times, every window
 * Teams can measure holds at most `limit` of our sends, whatever the latency.
 */
export class SlidingWindowLimiter {
  /** Completion times, ascending; only as many as the largest limit needs. */
  private times: number[] = [];
  private head = 0;
  private inFlight = 0;
  private pausedUntil = 0;
  private readonly keep: number;

  constructor(private readonly limits: readonly WindowLimit[], private readonly marginMs = 0) {
    if (limits.some((l) => l.limit < 1 || l.windowMs <= 0)) throw new Error('rate limits must be positive');
    this.keep = Math.max(...limits.map((l) => l.limit));
  }

  /** Milliseconds until a send is allowed at `now` (0 = now). */
  waitMs(now: number): number {
    let wait = Math.max(0, this.pausedUntil - now);
    const done = this.times.length - this.head;
    for (const l of this.limits) {
      if (this.inFlight >= l.limit) return Math.max(wait, IN_FLIGHT_POLL_MS);
      const k = l.limit - this.inFlight;
      if (done < k) continue;
      // Full while the k-th most recent completed send is still inside the window; frees when it leaves.
      const t = this.times[this.times.length - k]!;
      wait = Math.max(wait, t + l.windowMs + this.marginMs - now);
    }
    return Math.max(0, wait);
  }

  /** A send leaves now; call the returned function with the time it completed (success or failure). */
  begin(): (completedAt: number) => void {
    this.inFlight++;
    let ended = false;
    return (completedAt) => {
      if (ended) return;
      ended = true;
      this.inFlight--;
      this.insert(completedAt);
    };
  }

  /** Records an instantaneous send at `now` (begin and end at once). */
  record(now: number): void {
    this.begin()(now);
  }

  private insert(t: number): void {
    let i = this.times.length;
    while (i > this.head && this.times[i - 1]! > t) i--;
    this.times.splice(i, 0, t);
    if (this.times.length - this.head > this.keep) this.head++;
    // Compact now and then so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** Retry-After: nothing is sent on this stream before `until` (epoch ms). Never shortens an existing pause. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** True when nothing recent is remembered, so the limiter can be dropped to bound memory. */
  idle(now: number): boolean {
    const last = this.times[this.times.length - 1];
    const longest = Math.max(...this.limits.map((l) => l.windowMs)) + this.marginMs;
    return this.inFlight === 0 && now >= this.pausedUntil && (last === undefined || now - last > longest);
  }
}

/** One limiter per conversation plus one global limiter, created on demand and forgotten when idle. */
export class DeliveryLimiter {
  private readonly perConversation = new Map<string, SlidingWindowLimiter>();
  private readonly global: SlidingWindowLimiter;

  constructor(
    private readonly conversationLimits: readonly WindowLimit[] = TEAMS_THREAD_LIMITS,
    globalPerSecond = 30,
    private readonly marginMs = 0,
  ) {
    this.global = new SlidingWindowLimiter([{ limit: globalPerSecond, windowMs: 1_000 }], marginMs);
  }

  private conv(key: string): SlidingWindowLimiter {
    let l = this.perConversation.get(key);
    if (!l) {
      l = new SlidingWindowLimiter(this.conversationLimits, this.marginMs);
      this.perConversation.set(key, l);
    }
    return l;
  }

  /** Wait for this conversation alone (its windows and any Retry-After pause). */
  conversationWaitMs(key: string, now: number): number {
    return this.perConversation.get(key)?.waitMs(now) ?? 0;
  }

  waitMs(key: string, now: number): number {
    return Math.max(this.conversationWaitMs(key, now), this.global.waitMs(now));
  }

  /**
   * Takes a slot if one is free now (check and take in one synchronous step); the returned function ends the send
   * with its completion time. Undefined = wait.
   */
  tryAcquire(key: string, now: number): ((completedAt: number) => void) | undefined {
    if (this.waitMs(key, now) > 0) return undefined;
    const ends = [this.conv(key).begin(), this.global.begin()];
    return (completedAt) => ends.forEach((end) => end(completedAt));
  }

  pause(key: string, until: number): void {
    this.conv(key).pauseUntil(until);
  }

  /** Drops limiters with nothing in their windows (bounded memory across many conversations). */
  sweep(now: number): void {
    for (const [k, l] of this.perConversation) if (l.idle(now)) this.perConversation.delete(k);
  }
}
