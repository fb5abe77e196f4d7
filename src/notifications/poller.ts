import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isTerminal } from '../azureml/status';
import { Job } from '../azureml/types';
import { WorkspaceConfig } from '../config';
import { Deps } from '../deps';
import { Collection, Store } from '../storage/store';
import { Lease } from '../storage/lease';
import { Notifier } from './notifier';
import { Subscription } from './subscription-store';

const PRE_RUN = new Set(['NotStarted', 'Starting', 'Provisioning', 'Preparing', 'Queued']);

/** Pages read per workspace per tick; a longer list is walked on over the next ticks from a cursor kept in storage. */
export const DEFAULT_MAX_PAGES_PER_TICK = 20;

const cursorSchema = z.object({ next: z.string().optional(), at: z.string() });

/**
 * The fallback for workspaces without Event Grid (`poll: true`) and the source of stuck/runaway
 * alerts: one ARM list per workspace per tick (P2: one call per page, never one per job), and only
 * on the instance holding the poller lease.
 *
 * The whole list is walked, not just its first page: ARM has no server-side sort or status filter,
 * so a job that fails can be on any page (the two-process fault run lost the notices of jobs that
 * had slid onto page 2). Past `maxPagesPerTick` the walk goes on at the next tick from a cursor in
 * storage, so a new lease holder continues where the old one stopped.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly lease: Lease;
  private readonly seen: Collection<{ at: string }>;
  private readonly cursors: Collection<z.infer<typeof cursorSchema>>;
  readonly instanceId = randomBytes(6).toString('hex');

  constructor(
    private readonly deps: Deps,
    store: Store,
    private readonly notifier: Notifier,
    private readonly intervalMs: number,
    private readonly maxPagesPerTick = DEFAULT_MAX_PAGES_PER_TICK,
  ) {
    this.lease = new Lease(store, 'poller', this.instanceId, deps.now, Math.max(intervalMs * 3, 30_000));
    this.seen = store.collection('pollbaseline', (raw) => z.object({ at: z.string() }).parse(raw));
    this.cursors = store.collection('pollcursor', (raw) => cursorSchema.parse(raw));
  }

  start(): void {
    // The lease and subscription reads are outside pollWorkspace's catch: with storage down they reject, and a bare
    // `void` made each tick an unhandled rejection (found by the T18 fault run).
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => this.deps.logger.warn({ err: { message: (err as Error).message } }, 'poll tick failed; next tick retries'));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.lease.release().catch(() => undefined);
  }

  /** One pass; returns false when another instance holds the lease. */
  async tick(): Promise<boolean> {
    if (this.running) return true;
    this.running = true;
    try {
      if (!(await this.lease.acquire())) return false;
      for (const ws of Object.values(this.deps.config.workspaces)) {
        const stuck = (await this.deps.subscriptions.forWorkspace(ws.alias)).filter((s) => s.mode === 'stuck' && s.health === 'active');
        if (ws.poll || stuck.length) await this.pollWorkspace(ws, stuck).catch((err: unknown) => this.deps.logger.warn({ err: { message: (err as Error).message }, workspace: ws.alias }, 'poll failed'));
      }
      return true;
    } finally {
      this.running = false;
    }
  }

  private async pollWorkspace(ws: WorkspaceConfig, stuckSubs: Subscription[]): Promise<void> {
    // The first full pass over a workspace sets a baseline: failures from before we watched are not news.
    const first = !(await this.seen.get(ws.alias));
    const cursor = await this.cursors.get(ws.alias);
    let next = cursor?.value.next;
    for (let pages = 0; pages < this.maxPagesPerTick; pages++) {
      // Renewed per page: a long walk must not let the lease lapse under us.
      if (pages > 0 && !(await this.lease.acquire())) return;
      const page = await this.deps.azureml.listJobsPage(ws, {}, next);
      const now = this.deps.now();
      for (const job of page.jobs) await this.look(ws, job, first, stuckSubs, now, page.jobs);
      next = page.next;
      if (!next) break;
    }
    await this.cursors.put(ws.alias, { next, at: this.deps.now().toISOString() });
    if (next) {
      this.deps.logger.info({ workspace: ws.alias, pages: this.maxPagesPerTick }, 'job list longer than one tick allows; the walk goes on at the next tick');
    } else if (first) {
      await this.seen.create(ws.alias, { at: this.deps.now().toISOString() });
    }
  }

  private async look(ws: WorkspaceConfig, job: Job, first: boolean, stuckSubs: Subscription[], now: Date, page: Job[]): Promise<void> {
    if (first && isTerminal(job.status)) await this.notifier.baseline(ws.alias, job);
    else if (ws.poll) await this.notifier.observe({ workspace: ws.alias, job, source: 'poll', observedAt: now });
    for (const s of stuckSubs) {
      const queuedMin = s.stuck?.queuedMinutes;
      const runningH = s.stuck?.runningHours;
      if (queuedMin && PRE_RUN.has(job.status) && job.createdAt && now.getTime() - job.createdAt.getTime() > queuedMin * 60_000) {
        await this.notifier.alert(s, ws.alias, job, 'stuck', `Queued for more than ${queuedMin} min`, page);
      }
      if (runningH && job.status === 'Running' && job.startedAt && now.getTime() - job.startedAt.getTime() > runningH * 3_600_000) {
        await this.notifier.alert(s, ws.alias, job, 'runaway', `Running for more than ${runningH} h`);
      }
    }
  }
}
