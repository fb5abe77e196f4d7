import { Messenger } from '../conversations/messenger';
import { Store } from '../storage/store';
import { AttemptDeps, DeliveryLogger, attempt } from './delivery/attempt';
import { BackoffOptions, DEFAULT_BACKOFF } from './delivery/backoff';
import { DueRow, Outbox, OutboxRetention } from './outbox';
import { DeliveryLimiter, TEAMS_THREAD_LIMITS, WindowLimit } from './rate-limiter';
import { NoticeIndex, SubscriptionHealth } from './types';

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
}

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
  private readonly limiter: DeliveryLimiter;
  private readonly attemptDeps: AttemptDeps;
  private readonly o: Required<Omit<SenderOptions, 'conversationLimits' | 'backoff' | 'random'>>;
  private readonly active = new Map<string, Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;

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
        this.startWorkers(await this.outbox.pendingRows(), this.o.workerBudgetMs);
      } catch (err) {
        this.d.logger.warn({ err }, 'outbox listing failed; retrying at the next poll');
      }
      this.limiter.sweep(Date.now());
      await new Promise<void>((resolve) => {
        if (this.kicked || !this.running) return resolve();
        const timer = setTimeout(resolve, this.o.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
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
        .catch((err: unknown) => this.d.logger.warn({ err, conversationKey: key }, 'outbox worker failed; retrying at the next poll'))
        .finally(() => {
          this.active.delete(key);
          this.kick();
        });
      this.active.set(key, p);
      started.push(p);
    }
    return started;
  }

  private async work(key: string, rows: DueRow[], deadline: number): Promise<void> {
    const settling: Promise<unknown>[] = [];
    try {
      await this.workRows(key, rows, deadline, settling);
    } finally {
      await Promise.all(settling);
    }
  }

  private async workRows(key: string, rows: DueRow[], deadline: number, settling: Promise<unknown>[]): Promise<void> {
    for (const row of rows) {
      if (!this.running && deadline !== Number.POSITIVE_INFINITY) return;
      // Strict order per conversation: while the oldest entry waits (backoff, 429), so do the ones behind it.
      if (Date.parse(row.dueAt) > this.d.now().getTime()) return;
      if (!(await this.waitForSlot(key, deadline))) return;
      const claim = await this.outbox.claim(row, this.o.leaseMs);
      if (claim === 'done') continue;
      if (claim === 'held') return;
      // Another conversation may have taken the global slot while we claimed: wait for one again, then take it.
      const end = await this.takeSlot(key);
      const r = await attempt(this.attemptDeps, claim, () => end(Date.now()));
      if (r.next === 'continue' && r.settling) settling.push(r.settling);
      if (r.next === 'stop') {
        if (r.pauseMs !== undefined) this.limiter.pause(key, Date.now() + r.pauseMs);
        return;
      }
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
