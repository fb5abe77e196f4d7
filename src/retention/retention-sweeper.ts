import { randomBytes } from 'node:crypto';
import { Logger } from 'pino';
import { Lease } from '../storage/lease';
import { Store } from '../storage/store';
import { SweepTask } from '../storage/sweep';

export interface RetentionSweeperOptions {
  store: Store;
  tasks: SweepTask[];
  now: () => Date;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
  everyMs: number;
  /**
   * Rows per batch (250): every read the sweeper makes is a range read of at most this many rows. Fewer, larger
   * reads suit Azurite, where a query scans its whole table; deletes still go 100 to a transaction.
   */
  batch?: number;
  /** Rounds per tick (one batch per task per round); a task with more due rows continues at the next tick. */
  maxBatches?: number;
}

/**
 * Deletes what has outlived its retention, in the background, on the one instance holding the 'retention' lease
 * (the others skip the tick): bounded batches found through expiry-ordered keys or the expiry index, never by
 * reading a whole collection. A failing task is logged and retried at the next tick; the others still run.
 */
export class RetentionSweeper {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private readonly lease: Lease;
  private readonly batch: number;
  private readonly maxBatches: number;
  /** Rows deleted per task since start: the soak reports them next to the row counts. */
  readonly totals = new Map<string, number>();

  constructor(private readonly o: RetentionSweeperOptions) {
    this.batch = o.batch ?? 250;
    this.maxBatches = o.maxBatches ?? 50;
    this.lease = new Lease(o.store, 'retention', randomBytes(6).toString('hex'), o.now, Math.max(o.everyMs * 3, 60_000));
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.o.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.lease.release().catch((err: unknown) => this.o.logger.warn({ err: { message: (err as Error).message } }, 'could not release the retention lease; it expires by itself'));
  }

  /** One pass; false when another instance holds the lease or a pass is still running. */
  async tick(): Promise<boolean> {
    if (this.running) return false;
    const run = this.pass();
    this.running = run;
    try {
      return await run;
    } finally {
      this.running = undefined;
    }
  }

  private async pass(): Promise<boolean> {
    const started = Date.now();
    try {
      if (!(await this.lease.acquire())) return false;
    } catch (err) {
      this.o.logger.warn({ err: { message: (err as Error).message } }, 'retention sweep skipped: the lease could not be read');
      return false;
    }
    // Round robin, one batch per task per round: a collection far behind (handles, in a busy hour) must not hold up
    // the others for a whole tick. A task leaves the rounds when a batch comes back short or it fails.
    const swept: Record<string, number> = {};
    const spentMs: Record<string, number> = {};
    let open = [...this.o.tasks];
    for (let round = 0; round < this.maxBatches && open.length; round++) {
      const next: SweepTask[] = [];
      for (const task of open) {
        const t0 = Date.now();
        try {
          const done = await task.sweep(this.o.now(), this.batch);
          spentMs[task.name] = (spentMs[task.name] ?? 0) + Date.now() - t0;
          swept[task.name] = (swept[task.name] ?? 0) + done;
          if (done >= this.batch) next.push(task);
        } catch (err) {
          this.o.logger.warn({ err: { message: (err as Error).message }, task: task.name }, 'retention sweep of one collection failed; next tick retries');
        }
      }
      open = next;
      // Renewed per round: a long sweep must not let the lease lapse under us.
      if (open.length && !(await this.lease.acquire().catch(() => false))) break;
    }
    for (const [name, n] of Object.entries(swept)) this.totals.set(name, (this.totals.get(name) ?? 0) + n);
    for (const name of Object.keys(swept)) if (!swept[name]) delete swept[name];
    if (Object.keys(swept).length) this.o.logger.debug({ swept, spentMs, ms: Date.now() - started }, 'retention sweep');
    return true;
  }
}
