import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isTerminal } from '../azureml/status';
import { WorkspaceConfig } from '../config';
import { Deps } from '../deps';
import { Collection, Store } from '../storage/store';
import { Lease } from './lease';
import { Notifier } from './notifier';
import { Subscription } from './subscription-store';

const PRE_RUN = new Set(['NotStarted', 'Starting', 'Provisioning', 'Preparing', 'Queued']);

/**
 * The fallback for workspaces without Event Grid (`poll: true`) and the source of stuck/runaway
 * alerts: one ARM list page per workspace per tick (P2), whatever the number of jobs, and only
 * on the instance holding the poller lease.
 */
export class Poller {
  private timer?: NodeJS.Timeout;
  private running = false;
  private readonly lease: Lease;
  private readonly seen: Collection<{ at: string }>;
  readonly instanceId = randomBytes(6).toString('hex');

  constructor(private readonly deps: Deps, store: Store, private readonly notifier: Notifier, private readonly intervalMs: number) {
    this.lease = new Lease(store, 'poller', this.instanceId, deps.now, Math.max(intervalMs * 3, 30_000));
    this.seen = store.collection('pollbaseline', (raw) => z.object({ at: z.string() }).parse(raw));
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
      const subs = await this.deps.subscriptions.all();
      for (const ws of Object.values(this.deps.config.workspaces)) {
        const stuck = subs.filter((s) => s.workspace === ws.alias && s.mode === 'stuck' && s.health === 'active');
        if (ws.poll || stuck.length) await this.pollWorkspace(ws, stuck).catch((err: unknown) => this.deps.logger.warn({ err: { message: (err as Error).message }, workspace: ws.alias }, 'poll failed'));
      }
      return true;
    } finally {
      this.running = false;
    }
  }

  private async pollWorkspace(ws: WorkspaceConfig, stuckSubs: Subscription[]): Promise<void> {
    const page = await this.deps.azureml.listJobsPage(ws, {});
    // The first look at a workspace sets a baseline: failures from before we watched are not news.
    const first = !(await this.seen.get(ws.alias));
    const now = this.deps.now();
    for (const job of page.jobs) {
      if (first && isTerminal(job.status)) await this.notifier.baseline(ws.alias, job);
      else if (ws.poll) await this.notifier.observe({ workspace: ws.alias, job, source: 'poll', observedAt: now });
      for (const s of stuckSubs) {
        const queuedMin = s.stuck?.queuedMinutes;
        const runningH = s.stuck?.runningHours;
        if (queuedMin && PRE_RUN.has(job.status) && job.createdAt && now.getTime() - job.createdAt.getTime() > queuedMin * 60_000) {
          await this.notifier.alert(s, ws.alias, job, 'stuck', `Queued for more than ${queuedMin} min`);
        }
        if (runningH && job.status === 'Running' && job.startedAt && now.getTime() - job.startedAt.getTime() > runningH * 3_600_000) {
          await this.notifier.alert(s, ws.alias, job, 'runaway', `Running for more than ${runningH} h`);
        }
      }
    }
    if (first) await this.seen.create(ws.alias, { at: now.toISOString() });
  }
}
