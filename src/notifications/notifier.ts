import { Job } from '../azureml/types';
import { digestCard, noticeCard } from '../cards/notice-card';
import { summarizeJob } from '../commands/summarize-job';
import { JOB_HANDLE_TTL_MS } from '../commands/show-job';
import { StoredReference, keyOf } from '../conversations/conversation-store';
import { Deps } from '../deps';
import { CATEGORY_LABELS } from '../logs';
import { Store } from '../storage/store';
import { ObservedStore } from './observed-store';
import { StormTracker } from './storm-tracker';
import { Subscription } from './subscription-store';
import { JobObservation, JobObserver, OutboxWriter } from './types';

const TERMINAL = new Set(['Completed', 'Failed', 'Canceled']);

/** Does this subscription want to hear about this job in this status? */
export function wants(s: Subscription, job: Job): boolean {
  if (s.mode === 'stuck') return false;
  if (s.mode === 'failures' && job.status !== 'Failed') return false;
  if (s.mode === 'terminal' && !TERMINAL.has(job.status)) return false;
  const f = s.filters;
  if (f.experiment && f.experiment.toLowerCase() !== job.experiment.toLowerCase()) return false;
  if (f.type && f.type.toLowerCase() !== job.type.toLowerCase()) return false;
  if (f.tag && (job.tags[f.tag.key] === undefined || (f.tag.value !== undefined && job.tags[f.tag.key] !== f.tag.value))) return false;
  return true;
}

/**
 * Turns observations (from Event Grid or the poller) into notices: one per job and status
 * (R4.5: both sources share the key), per subscribed conversation, unless muted there; failures
 * carry the triage summary; bulk child failures collapse into one digest per parent.
 */
export class Notifier implements JobObserver {
  readonly observed: ObservedStore;
  readonly storms: StormTracker;
  /**
   * Keys known to be in 'observed'. Only the poller's: it re-reads every job of a polled workspace each tick, and
   * this skips those storage reads; an Event Grid event is a one-off, not worth the memory.
   */
  private readonly known = new Set<string>();

  constructor(private readonly deps: Deps, store: Store, private readonly outbox: OutboxWriter) {
    this.observed = new ObservedStore(store, deps.now, deps.config.retention.deliveryMs);
    this.storms = new StormTracker(store, deps.now);
  }

  static key(workspace: string, job: string, status: string): string {
    return keyOf(`${workspace}|${job}|${status.toLowerCase()}`);
  }

  /** Marks a job+status as already known without notifying (the poller's first look at a workspace). */
  async baseline(workspace: string, job: Job): Promise<void> {
    if (this.observed.isOldNews(job)) return;
    const key = Notifier.key(workspace, job.name, job.status);
    await this.observed.mark(key);
    this.remember(key);
  }

  private remember(key: string): void {
    if (this.known.size >= 10_000) this.known.clear();
    this.known.add(key);
  }

  async observe(o: JobObservation): Promise<void> {
    const key = Notifier.key(o.workspace, o.job.name, o.job.status);
    const poll = o.source === 'poll';
    if ((poll && this.known.has(key)) || this.observed.isOldNews(o.job)) return;
    if (await this.observed.has(key)) return poll ? this.remember(key) : undefined;
    const since = (o.job.endedAt ?? o.observedAt).toISOString();
    const subs = (await this.deps.subscriptions.forWorkspace(o.workspace)).filter((s) => s.health === 'active' && s.createdAt <= since && wants(s, o.job));
    if (subs.length) {
      await this.fanOut(o, subs, key);
      // Marked only after everything is in the outbox: a crash before this re-runs, and the outbox dedupes. Nothing
      // enqueued, nothing to dedupe: a later look at the same status finds the same (no) subscriptions, so most jobs
      // leave no row to store and sweep.
      await this.observed.mark(key);
    }
    if (poll) this.remember(key);
  }

  private async fanOut(o: JobObservation, subs: Subscription[], key: string): Promise<void> {
    const ws = this.deps.config.workspaces[o.workspace];
    if (!ws) return;
    const failed = o.job.status === 'Failed';
    const triage = failed ? await this.triage(o) : undefined;
    const parent = failed ? await this.parentOf(o) : undefined;
    // ARM names the submitter by display name; a member we have met under that name gets an @mention.
    const submitter = o.job.submitter ? await this.deps.conversations.userByName(o.job.submitter).catch(() => undefined) : undefined;
    const storm = parent ? await this.storms.record(o.workspace, parent, { name: o.job.name, status: o.job.status, headline: triage?.headline }) : undefined;
    for (const s of subs) {
      const conversationId = (s.reference.conversation as { id?: string } | undefined)?.id ?? '';
      if (await this.deps.mutes.isMuted(s.conversationKey, o.workspace, o.job.name, o.job.experiment)) continue;
      const mute = await this.deps.handles.create<'mute'>({ kind: 'mute', workspace: o.workspace, experiment: o.job.experiment, hours: 24, conversationId, ttlMs: JOB_HANDLE_TTL_MS });
      if (storm?.digest && parent) {
        const parentHandle = await this.deps.handles.create<'job'>({ kind: 'job', workspace: o.workspace, job: parent, conversationId, ttlMs: JOB_HANDLE_TTL_MS });
        const card = digestCard({ workspaceAlias: o.workspace, parent, children: storm.children, now: this.deps.now(), handles: { parent: parentHandle, mute } });
        await this.enqueue(s, `${s.id}|digest|${keyOf(parent)}|${storm.children.length}`, `${s.conversationKey}|${o.workspace}|digest|${keyOf(parent)}`, card);
        continue;
      }
      const jobHandle = await this.deps.handles.create<'job'>({ kind: 'job', workspace: o.workspace, job: o.job.name, conversationId, ttlMs: JOB_HANDLE_TTL_MS });
      const card = noticeCard({ workspaceAlias: o.workspace, job: o.job, now: this.deps.now(), triage, submitter, handles: { job: jobHandle, mute } });
      await this.enqueue(s, `${s.id}|${key}`, `${s.conversationKey}|${o.workspace}|${keyOf(o.job.name)}`, card);
    }
  }

  /** Stuck/runaway alerts from the poller: once per subscription, job and kind. */
  async alert(s: Subscription, workspace: string, job: Job, kind: 'stuck' | 'runaway', why: string): Promise<void> {
    if (await this.deps.mutes.isMuted(s.conversationKey, workspace, job.name, job.experiment)) return;
    const conversationId = (s.reference.conversation as { id?: string } | undefined)?.id ?? '';
    const jobHandle = await this.deps.handles.create<'job'>({ kind: 'job', workspace, job: job.name, conversationId, ttlMs: JOB_HANDLE_TTL_MS });
    const card = noticeCard({ workspaceAlias: workspace, job, now: this.deps.now(), alert: why, handles: { job: jobHandle } });
    await this.enqueue(s, `${s.id}|${kind}|${keyOf(`${workspace}|${job.name}`)}`, `${s.conversationKey}|${workspace}|${keyOf(job.name)}`, card);
  }

  private async enqueue(s: Subscription, dedupeKey: string, noticeKey: string, card: ReturnType<typeof noticeCard>): Promise<void> {
    await this.outbox.enqueue({ dedupeKey, conversationKey: s.conversationKey, reference: s.reference as StoredReference, op: { kind: 'update', card }, noticeKey, subscriptionId: s.id });
  }

  private async triage(o: JobObservation): Promise<{ categoryLabel: string; headline: string; evidence: string[] } | undefined> {
    try {
      const { model } = await summarizeJob(this.deps, this.deps.config.workspaces[o.workspace]!, o.job.name);
      if (!model.log) return undefined;
      return { categoryLabel: model.log.categoryLabel, headline: model.log.headline, evidence: model.log.evidence };
    } catch (err) {
      // A notice without triage beats no notice.
      this.deps.logger.warn({ err: { message: (err as Error).message }, job: o.job.name }, 'triage failed; sending the notice without it');
      return o.job.armError ? { categoryLabel: CATEGORY_LABELS.unknown, headline: o.job.armError.slice(0, 160), evidence: [] } : undefined;
    }
  }

  private async parentOf(o: JobObservation): Promise<string | undefined> {
    try {
      return (await this.deps.azureml.getRun(this.deps.config.workspaces[o.workspace]!, o.job.name)).parentRunId;
    } catch {
      return undefined;
    }
  }
}
