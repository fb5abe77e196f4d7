import { Logger } from 'pino';
import { Job } from '../../azureml/types';
import { isTerminal } from '../../azureml/status';
import { WorkspaceConfig } from '../../config';
import { Stored } from '../../storage/store';
import { JobObserver } from '../types';
import { EventInbox, InboxRow } from './event-inbox';

export interface EventProcessorOptions {
  inbox: EventInbox;
  azureml: { getJob(ws: WorkspaceConfig, name: string): Promise<Job> };
  workspaces: Record<string, WorkspaceConfig>;
  observer: JobObserver;
  logger: Logger;
  now: () => Date;
  /** Background drain period (start()); a delivery also kicks a drain at once. */
  intervalMs?: number;
  /** Attempts before a row is parked (kept, skipped, logged). */
  maxAttempts?: number;
  /** ARM reads in flight per drain. */
  concurrency?: number;
}

export interface DrainResult {
  jobs: number;
  observed: number;
  skipped: number;
  retried: number;
  parked: number;
}

/** An ARM GET of a pipeline step answers a property-less stub: nothing to observe. */
const isStub = (job: Job): boolean => job.type === 'Unknown' && job.status === 'Unknown';
const statusOf = (err: unknown): number | undefined => (err as { statusCode?: number } | undefined)?.statusCode;

/**
 * Drains the inbox asynchronously. Each event is only a hint (R4.4): the job is re-read from ARM and the observer
 * gets ARM's current state, so an out-of-order older event cannot regress anything. Events for one job in one drain
 * share one ARM read. Failures are retried with backoff a bounded number of times, then parked with a log line.
 */
export class EventProcessor {
  private timer?: NodeJS.Timeout;
  private chain: Promise<unknown> = Promise.resolve();
  private kicked = false;
  private readonly maxAttempts: number;

  constructor(private readonly o: EventProcessorOptions) {
    this.maxAttempts = o.maxAttempts ?? 5;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.o.intervalMs ?? 5_000);
    this.timer.unref();
    this.kick();
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.chain.then(() => undefined);
  }

  /** Schedules one drain soon when started (coalescing bursts of deliveries); a no-op when stopped. */
  kick(): void {
    if (!this.timer || this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.drainOnce().catch((err: unknown) => this.o.logger.error({ err: { message: (err as Error).message } }, 'event drain failed'));
    });
  }

  /** Processes every due row once. Drains never overlap: a call waits for the one in progress. */
  drainOnce(): Promise<DrainResult> {
    const run = this.chain.then(() => this.drain());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async drain(): Promise<DrainResult> {
    const result: DrainResult = { jobs: 0, observed: 0, skipped: 0, retried: 0, parked: 0 };
    await this.o.inbox.expandStaged();
    const groups = new Map<string, Stored<InboxRow>[]>();
    for (const row of await this.o.inbox.pending()) {
      const k = `${row.value.workspace}\n${row.value.runId}`;
      groups.set(k, [...(groups.get(k) ?? []), row]);
    }
    const queue = [...groups.values()];
    result.jobs = queue.length;
    const worker = async (): Promise<void> => {
      for (let rows = queue.shift(); rows; rows = queue.shift()) await this.processJob(rows, result);
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency ?? 8, queue.length) }, worker));
    return result;
  }

  private async processJob(rows: Stored<InboxRow>[], result: DrainResult): Promise<void> {
    const first = rows[0];
    if (!first) return;
    const { workspace, runId } = first.value;
    const ws = this.o.workspaces[workspace];
    if (!ws) return this.finish(rows, result, 'skipped', 'workspace no longer configured');
    let job: Job;
    try {
      job = await this.o.azureml.getJob(ws, runId);
    } catch (err) {
      // 404: a deleted run, or a child run ARM does not know by that id — nothing will ever be there.
      if (statusOf(err) === 404) return this.finish(rows, result, 'skipped', 'run not found in ARM');
      return this.retry(rows, result, `ARM read failed: ${(err as Error).message}`);
    }
    if (isStub(job)) return this.finish(rows, result, 'skipped', 'child run without properties');
    try {
      await this.o.observer.observe({ workspace, job, source: 'event', observedAt: this.o.now() });
    } catch (err) {
      return this.retry(rows, result, `observer failed: ${(err as Error).message}`);
    }
    result.observed++;
    // ARM can lag the event: a "failed" event read back as Running means look again later, not "never failed".
    const lagging = !isTerminal(job.status) && rows.some((r) => r.value.runStatus !== undefined && isTerminal(r.value.runStatus));
    if (lagging) return this.retry(rows, result, `ARM still says ${job.status} after a terminal event`, false);
    await Promise.all(rows.map((r) => this.o.inbox.remove(r)));
  }

  private async finish(rows: Stored<InboxRow>[], result: DrainResult, what: 'skipped', reason: string): Promise<void> {
    result[what]++;
    this.o.logger.debug({ workspace: rows[0]?.value.workspace, runId: rows[0]?.value.runId, events: rows.length, reason }, 'event skipped');
    await Promise.all(rows.map((r) => this.o.inbox.remove(r)));
  }

  private async retry(rows: Stored<InboxRow>[], result: DrainResult, error: string, park = true): Promise<void> {
    for (const r of rows) {
      const attempts = r.value.attempts + 1;
      if (attempts >= this.maxAttempts) {
        if (!park) {
          await this.o.inbox.remove(r);
          continue;
        }
        result.parked++;
        this.o.logger.error({ eventId: r.value.id, workspace: r.value.workspace, runId: r.value.runId, attempts, error }, 'event parked after repeated failures');
        await this.o.inbox.update(r, { ...r.value, attempts, parked: true, lastError: error.slice(0, 500) });
        continue;
      }
      result.retried++;
      const delayMs = Math.min(300_000, 2_000 * 2 ** (attempts - 1));
      const notBefore = new Date(this.o.now().getTime() + delayMs).toISOString();
      await this.o.inbox.update(r, { ...r.value, attempts, notBefore, lastError: error.slice(0, 500) });
    }
  }
}
