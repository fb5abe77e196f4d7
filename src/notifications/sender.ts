import { Messenger } from '../conversations/messenger';
import { Store } from '../storage/store';
import { AttemptDeps, DeliveryLogger, attempt } from './delivery/attempt';
import { BackoffOptions, DEFAULT_BACKOFF } from './delivery/backoff';
import { Claim, DueRow, Outbox, OutboxRetention } from './outbox';
import { DeliveryLimiter, TEAMS_THREAD_LIMITS, WindowLimit } from './rate-limiter';
import { NoticeIndex, SubscriptionHealth } from './types';
import type { Telemetry } from '../shared/telemetry';

export interface SenderOptions {
  /** Per-conversation windows (default Teams' per-thread limits). */
  conversationLimits?: readonly WindowLimit[];
  /** App-wide sends per second (Teams documents ~30 RPS per app per tenant). */
  globalPerSecond?: number;
  /** Added to every window, for clock differences with Teams (sends already count until they completed). */
  marginMs?: number;
  /** Failed attempts (429s not counted) before an entry is parked with an alert. */
  maxAttempts?: number;
  /** 429s before an entry is parked anyway: never retry forever. */
  maxThrottles?: number;
  backoff?: BackoffOptions;
  /** How long a claimed entry is ours; past it, another sender (or we after a restart) takes it over. */
  leaseMs?: number;
  sendTimeoutMs?: number;
  /** How often the loop looks for due entries when nobody kicks it. */
  pollMs?: number;
  /** A conversation's worker gives way after this long (the loop), so new entries get looked at. */
  workerBudgetMs?: number;
  /** A conversation that must wait longer than this for its rate limit is left for a later pass. */
  maxWaitMs?: number;
  random?: () => number;
}

export interface SenderDeps {
  store: Store;
  messenger: Messenger;
  notices: NoticeIndex;
  health: SubscriptionHealth;
  logger: DeliveryLogger;
  now: () => Date;
  options?: SenderOptions;
  /** Sent and parked entries get an expiry hint and are deleted after the delivery retention. */
  retention?: OutboxRetention;
  /** Azure Monitor: notices sent/parked, backlog depth and the oldest entry's age at each pass. */
  telemetry?: Pick<Telemetry, 'notice' | 'outbox'>;
}

type WorkEnd = { reason: 'done' | 'stopped' } | { reason: 'waiting'; later: number };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Drains the outbox to Teams (R5.2, R5.3). One worker per conversation sends that conversation's entries in the
 * order they were enqueued (an update never overtakes its send), within the conversation's windows; workers of
 * different conversations run in parallel under the global rate. Each entry is claimed by compare-and-set, so
 * several bot instances can drain one outbox and every entry is attempted by one of them at a time.
 *
 * Delivery is at-least-once: if the process dies after Teams accepted a send but before the entry is marked sent,
 * the entry's lease (default 2 min) runs out and it is sent again. The alternative, marking it sent before
 * sending, would lose notices on every crash; a rare duplicate card is the cheaper failure.
 */
export class Sender {
  readonly outbox: Outbox;
  /** Passes over the pending backlog (each one reads every due row) and claims given back unused: for benchmarks and tests. */
  readonly stats = { passes: 0, released: 0 };
  private readonly limiter: DeliveryLimiter;
  private readonly attemptDeps: AttemptDeps;
  private readonly o: Required<Omit<SenderOptions, 'conversationLimits' | 'backoff' | 'random'>>;
  private readonly active = new Map<string, Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private rearm?: (at: number) => void;
  private kicked = false;
  /** The earliest time a worker that had to wait asked to be looked at again. */
  private nextWakeAt = Number.POSITIVE_INFINITY;

  constructor(private readonly d: SenderDeps) {
    const o = d.options ?? {};
    this.o = {
      globalPerSecond: o.globalPerSecond ?? 30, marginMs: o.marginMs ?? 10, maxAttempts: o.maxAttempts ?? 8,
      maxThrottles: o.maxThrottles ?? 30, leaseMs: o.leaseMs ?? 120_000, sendTimeoutMs: o.sendTimeoutMs ?? 30_000,
      pollMs: o.pollMs ?? 1_000, workerBudgetMs: o.workerBudgetMs ?? 5_000, maxWaitMs: o.maxWaitMs ?? 2_000,
    };
    this.outbox = new Outbox(d.store, d.now, () => this.kick(), d.retention);
    this.limiter = new DeliveryLimiter(o.conversationLimits ?? TEAMS_THREAD_LIMITS, this.o.globalPerSecond, this.o.marginMs);
    this.attemptDeps = {
      outbox: this.outbox, messenger: d.messenger, notices: d.notices, health: d.health, logger: d.logger, now: d.now,
      random: o.random ?? Math.random, backoff: o.backoff ?? DEFAULT_BACKOFF,
      maxAttempts: this.o.maxAttempts, maxThrottles: this.o.maxThrottles, sendTimeoutMs: this.o.sendTimeoutMs,
      onOutcome: d.telemetry ? (outcome) => d.telemetry?.notice(outcome) : undefined,
    };
  }

  /** Starts the loop. Entries left 'sending' by a dead process come back once their lease has run out. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking entries, lets sends in flight finish and records their outcome. */
  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.loop;
    await Promise.all(this.active.values());
  }

  /** Something was enqueued or a worker finished: look again now instead of at the next poll. */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  /** Look again at `at` (epoch ms) at the latest: a conversation's next entry is due then. */
  private wakeAt(at: number): void {
    this.nextWakeAt = Math.min(this.nextWakeAt, at);
    // The loop may be asleep on a later timer: shorten it (waking it now would list the backlog for nothing).
    this.rearm?.(this.nextWakeAt);
  }

  /**
   * One pass for tests: every conversation with due entries is worked until it has to wait. A conversation the
   * background loop is already working is waited for first: otherwise its entries would be skipped as "active" and
   * the pass would return before they were sent.
   */
  async drainOnce(): Promise<void> {
    await Promise.all(this.active.values());
    await Promise.all(this.startWorkers(await this.outbox.pendingRows(), Number.POSITIVE_INFINITY));
    await Promise.all(this.active.values());
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.kicked = false;
      try {
        this.stats.passes++;
        const rows = await this.outbox.pendingRows();
        if (this.d.telemetry) {
          const oldest = rows.reduce((m, r) => Math.min(m, Date.parse(r.createdAt)), Number.POSITIVE_INFINITY);
          this.d.telemetry.outbox(rows.length, rows.length ? Math.max(0, this.d.now().getTime() - oldest) : 0);
        }
        this.startWorkers(rows, this.o.workerBudgetMs);
      } catch (err) {
        this.d.logger.warn({ err }, 'outbox listing failed; retrying at the next poll');
      }
      this.limiter.sweep(Date.now());
      await new Promise<void>((resolve) => {
        if (this.kicked || !this.running) return resolve();
        let timer: NodeJS.Timeout | undefined;
        let timerAt = Number.POSITIVE_INFINITY;
        this.rearm = (at) => {
          const next = Math.min(Date.now() + this.o.pollMs, at);
          if (next >= timerAt) return;
          clearTimeout(timer);
          timerAt = next;
          timer = setTimeout(resolve, Math.max(0, next - Date.now()));
        };
        this.rearm(this.nextWakeAt);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      this.rearm = undefined;
      this.nextWakeAt = Number.POSITIVE_INFINITY;
      // A burst of kicks (many enqueues, many workers ending) becomes one listing: listing the pending index
      // costs the storage account more than anything else the sender does.
      if (this.running) await sleep(250);
    }
  }

  /** Groups due rows by conversation (oldest enqueued first) and starts a worker for each idle conversation. */
  private startWorkers(rows: DueRow[], budgetMs: number): Promise<void>[] {
    const byConversation = new Map<string, DueRow[]>();
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      const list = byConversation.get(r.conversationKey) ?? [];
      list.push(r);
      byConversation.set(r.conversationKey, list);
    }
    const started: Promise<void>[] = [];
    for (const [key, list] of byConversation) {
      if (this.active.has(key)) continue;
      list.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      const p = this.work(key, list, Date.now() + budgetMs)
        .then(
          (end) => {
            this.active.delete(key);
            // A worker that must wait asks the loop to wake at that time; kicking it now would only list the backlog
            // again and find the same row not due (a pass per kick, every 250 ms, for nothing).
            if (end.reason === 'waiting') this.wakeAt(end.later);
            else this.kick();
          },
          (err: unknown) => {
            this.active.delete(key);
            this.d.logger.warn({ err, conversationKey: key }, 'outbox worker failed; retrying at the next poll');
          },
        );
      this.active.set(key, p);
      started.push(p);
    }
    return started;
  }

  private async work(key: string, rows: DueRow[], deadline: number): Promise<WorkEnd> {
    const settling: Promise<unknown>[] = [];
    try {
      return await this.workRows(key, rows, deadline, settling);
    } finally {
      await Promise.all(settling);
      // The sent entries' index rows, in one transaction per shard (a row left by a failure is dropped at its next claim).
      await this.outbox.dropFinishedRows().catch((err: unknown) => this.d.logger.warn({ err, conversationKey: key }, 'could not delete the index rows of sent entries; the next pass drops them'));
    }
  }

  /**
   * Works one conversation's rows in order. Returns when they are done, when one must wait longer than the worker may
   * (then `later` says when, so the loop wakes for it instead of relisting on every kick), or at the deadline.
   *
   * The next row is claimed while the current one is being sent (claims are storage round trips; sends stay one at a
   * time, in order): under load a claim took as long as a send, and doing them one after the other halved the rate
   * a conversation could reach (issue 13). A claim taken ahead and not used is given back before the worker ends.
   */
  private async workRows(key: string, rows: DueRow[], deadline: number, settling: Promise<unknown>[]): Promise<WorkEnd> {
    let retrying = false;
    let ahead: { index: number; claim: Promise<Claim | 'done' | 'held'> } | undefined;
    const giveBack = async (): Promise<void> => {
      const c = ahead ? await ahead.claim.catch(() => 'held' as const) : undefined;
      ahead = undefined;
      if (c && c !== 'done' && c !== 'held') this.stats.released++;
      if (c && c !== 'done' && c !== 'held') await this.outbox.release(c).catch((err: unknown) => this.d.logger.warn({ err, outboxId: c.id }, 'could not give back an unused claim; it is retried after its lease'));
    };
    try {
      for (let i = 0; i < rows.length;) {
        const row = rows[i]!;
        if (!this.running && deadline !== Number.POSITIVE_INFINITY) return { reason: 'stopped' };
        // Strict order per conversation: while the oldest entry waits (backoff, 429), so do the ones behind it. A row
        // this worker was throttled on is retried by it after the pause (the claim checks the entry's own due time).
        const dueIn = Date.parse(row.dueAt) - this.d.now().getTime();
        if (!retrying && ahead?.index !== i && dueIn > 0) return { reason: 'waiting', later: Date.now() + dueIn };
        if (!(await this.waitForSlot(key, deadline))) return { reason: 'waiting', later: Date.now() + this.limiter.waitMs(key, Date.now()) };
        const claimed = ahead?.index === i ? ahead.claim : this.outbox.claim(row, this.o.leaseMs);
        if (ahead?.index === i) ahead = undefined;
        const claim = await claimed;
        retrying = false;
        if (claim === 'done') {
          i++;
          continue;
        }
        if (claim === 'held') return { reason: 'waiting', later: Date.now() + this.o.pollMs };
        // Another conversation may have taken the global slot while we claimed: wait for one again, then take it.
        const end = await this.takeSlot(key);
        const next = rows[i + 1];
        // Only when the next send could go at once (a free slot in the conversation's windows and the global rate)
        // and well before the deadline: a claim taken ahead and then given back costs two more writes.
        if (next && !ahead && Date.parse(next.dueAt) <= this.d.now().getTime() && this.limiter.waitMs(key, Date.now()) === 0 && Date.now() < deadline - 1_000) {
          ahead = { index: i + 1, claim: this.outbox.claim(next, this.o.leaseMs) };
          // Settled by whoever awaits it; never an unhandled rejection meanwhile.
          ahead.claim.catch(() => undefined);
        }
        const r = await attempt(this.attemptDeps, claim, () => end(Date.now()));
        if (r.next === 'continue') {
          if (r.settling) settling.push(r.settling);
          i++;
          continue;
        }
        if (r.pauseMs === undefined) return { reason: 'waiting', later: Date.now() + this.o.pollMs };
        // Throttled (429): the conversation pauses until Retry-After. A short pause is waited out here (waitForSlot)
        // and the same row tried again; leaving and being listed again cost a full pass over the backlog each time.
        this.limiter.pause(key, Date.now() + r.pauseMs);
        retrying = true;
      }
      return { reason: 'done' };
    } finally {
      await giveBack();
    }
  }

  /** Waits until this conversation may send. False = give way (longer than maxWaitMs, or past the deadline). */
  private async waitForSlot(key: string, deadline: number): Promise<boolean> {
    for (;;) {
      const now = Date.now();
      const wait = this.limiter.waitMs(key, now);
      if (wait === 0) return true;
      if (this.limiter.conversationWaitMs(key, now) > this.o.maxWaitMs || now + wait > deadline) return false;
      await sleep(wait);
    }
  }

  private async takeSlot(key: string): Promise<(completedAt: number) => void> {
    for (;;) {
      const end = this.limiter.tryAcquire(key, Date.now());
      if (end) return end;
      await sleep(Math.max(1, this.limiter.waitMs(key, Date.now())));
    }
  }
}
