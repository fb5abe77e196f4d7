import { z } from 'zod';
import { HandleOf } from '../actions/handle-store';
import { isTerminal } from '../azureml/status';
import { summaryCard } from '../cards/summary-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps } from '../deps';
import { Collection, Store } from '../storage/store';
import { summarizeJob } from '../jobs/summarize-job';
import { resolveWorkspace } from '../jobs/workspace';

/** Live summary cards refreshed per tick at most; more wait for the next tick (each refresh is an Azure read). */
const ACTIVE_LIMIT = 500;

/** Sends a card update to an existing activity (proactively, via the adapter). */
export type CardUpdater = (reference: Record<string, unknown>, activityId: string, card: AdaptiveCardV15) => Promise<void>;

/**
 * Keeps running-job summary cards up to date in place, like `az ml job stream` but as one card.
 * Watches live in storage (not memory) so a restart resumes them.
 */
export class SummaryWatcher {
  private readonly active: Collection<{ since: string }>;
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(private readonly deps: Deps, store: Store, private readonly update: CardUpdater) {
    this.active = store.collection('activewatches', (raw) => z.object({ since: z.string() }).parse(raw));
  }

  start(): void {
    const every = this.deps.config.summary.refreshSeconds * 1000;
    this.timer = setInterval(() => void this.tick(), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async add(id: string): Promise<void> {
    await this.active.put(id, { since: this.deps.now().toISOString() });
  }

  /** One pass over active watches; overlapping ticks are skipped, not queued. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      // Bounded: a watch lasts SUMMARY_WATCH_MINUTES and leaves this list when it ends (or its handle is gone).
      for (const w of await this.active.list('', ACTIVE_LIMIT)) await this.refreshOne(w.key);
    } catch (err) {
      this.deps.logger.error({ err }, 'summary watcher tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private async refreshOne(id: string): Promise<void> {
    const stored = await this.deps.handles.get(id);
    if (!stored || stored.value.kind !== 'watch' || stored.value.state !== 'active' || !stored.value.activityId || !stored.value.reference) {
      await this.active.delete(id);
      return;
    }
    const w = stored.value;
    try {
      const expired = new Date(w.expiresAt) <= this.deps.now();
      const card = await this.render(id, w, expired ? 'Stopped updating after the time limit.' : undefined);
      await this.update(w.reference!, w.activityId!, card.card);
      if (expired || card.terminal) await this.finish(id, expired ? 'time limit' : 'job ended');
    } catch (err) {
      // Keep the watch: a transient Azure or Teams error should not end live updates.
      this.deps.logger.warn({ err: { message: (err as Error).message }, watch: id }, 'summary update failed; will retry next tick');
    }
  }

  /** Builds the card for a watch; `stopped` set means the card shows its final state. */
  async render(id: string, w: HandleOf<'watch'>, stopped?: string): Promise<{ card: AdaptiveCardV15; terminal: boolean }> {
    const ws = resolveWorkspace(this.deps.config, w.workspace);
    const { job, model } = await summarizeJob(this.deps, ws, w.job);
    const terminal = isTerminal(job.status);
    const live = !stopped && !terminal ? { stopHandle: id, everySeconds: this.deps.config.summary.refreshSeconds, untilUtc: new Date(w.expiresAt) } : undefined;
    const why = stopped ?? (terminal ? `Job ended (${job.status}); updates stopped.` : undefined);
    return { card: summaryCard({ ...model, live, stopped: live ? undefined : why, handles: { show: w.showHandle, refresh: w.showHandle } }), terminal };
  }

  async finish(id: string, reason: string): Promise<void> {
    const cur = await this.deps.handles.get(id);
    if (cur && cur.value.kind === 'watch' && cur.value.state === 'active') {
      await this.deps.handles.put(id, { ...cur.value, state: reason === 'job ended' ? 'done' : 'stopped', stopReason: reason }, cur.etag);
    }
    await this.active.delete(id);
  }
}
