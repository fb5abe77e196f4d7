import { RecentKeys } from './recent-keys';
import { Job } from '../azureml/types';
import { NoticeCardModel, digestCard, noticeCard } from '../cards/notice-card';
import { causeGroupCard } from '../cards/cause-group-card';
import { AdaptiveCardV15 } from '../cards/types';
import { summarizeJob } from '../jobs/summarize-job';
import { JOB_HANDLE_TTL_MS } from '../actions/handle-store';
import { StoredReference, keyOf } from '../conversations/conversation-store';
import { Deps } from '../deps';
import { CATEGORY_LABELS } from '../logs';
import { Store } from '../storage/store';
import { ObservedStore } from './observed-store';
import { StormTracker } from './storm-tracker';
import { Subscription } from './subscription-store';
import { JobObservation, JobObserver, OutboxWriter } from './types';
import { ComputeView } from '../cards/job-card';
import { costText, perHourText } from '../jobs/cost';
import { jobContext } from '../jobs/job-context';
import { notRerunnable } from '../jobs/rerunnable';

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
  readonly causes: StormTracker;
  /**
   * Keys known to be in 'observed'. Only the poller's: it re-reads every job of a polled workspace each tick, and
   * this skips those storage reads; an Event Grid event is a one-off, not worth the memory.
   */
  private readonly known: RecentKeys;

  constructor(private readonly deps: Deps, store: Store, private readonly outbox: OutboxWriter) {
    this.observed = new ObservedStore(store, deps.now, deps.config.retention.deliveryMs);
    this.known = new RecentKeys(() => deps.now().getTime());
    this.storms = new StormTracker(store, deps.now);
    // Same cause within the window (CAUSE_WINDOW, an hour): the second failure turns the first notice into one card that grows.
    this.causes = new StormTracker(store, deps.now, 1, deps.config.retention.causeWindowMs);
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
    const found = failed ? await this.triage(o) : undefined;
    const triage = found?.triage;
    const parent = failed ? await this.parentOf(o) : undefined;
    // ARM names the submitter by display name; a member we have met under that name gets an @mention.
    const submitter = o.job.submitter ? await this.deps.conversations.userByName(o.job.submitter).catch(() => undefined) : undefined;
    const storm = parent ? await this.storms.record(o.workspace, parent, { name: o.job.name, status: o.job.status, headline: triage?.headline }) : undefined;
    // Children of a pipeline or sweep are already grouped by their parent (the digest); causes group the rest.
    const sig = !parent && found?.signature ? found.signature : undefined;
    for (const s of subs) {
      const conversationId = (s.reference.conversation as { id?: string } | undefined)?.id ?? '';
      if (await this.deps.mutes.isMuted(s.conversationKey, o.workspace, o.job.name, o.job.experiment)) continue;
      const mute = await this.deps.handles.create<'mute'>({ kind: 'mute', workspace: o.workspace, experiment: o.job.experiment, hours: 24, conversationId, ttlMs: JOB_HANDLE_TTL_MS });
      if (storm?.digest && parent) {
        const parentHandle = this.deps.handles.job({ workspace: o.workspace, job: parent, conversationId });
        const card = digestCard({ workspaceAlias: o.workspace, parent, children: storm.children, now: this.deps.now(), handles: { parent: parentHandle, mute } });
        await this.enqueue(s, `${s.id}|digest|${keyOf(parent)}|${storm.children.length}`, `${s.conversationKey}|${o.workspace}|digest|${keyOf(parent)}`, card);
        continue;
      }
      const jobHandle = this.deps.handles.job({ workspace: o.workspace, job: o.job.name, conversationId });
      // Per subscription: a conversation's card lists only the jobs it was told about (its filters and mutes).
      const group = sig ? await this.causes.record(o.workspace, `${s.id}|cause|${sig}`, { name: o.job.name, status: o.job.status, headline: triage?.headline }) : undefined;
      // A failure with a known cause is keyed by that cause, so a second job failing the same way updates this card.
      const noticeKey = sig ? `${s.conversationKey}|${o.workspace}|cause|${keyOf(sig)}` : `${s.conversationKey}|${o.workspace}|${keyOf(o.job.name)}`;
      if (group && sig && triage && group.children.length > 1) {
        const jobs = group.children.map((c) => c.name);
        const card = causeGroupCard({ workspaceAlias: o.workspace, categoryLabel: triage.categoryLabel, headline: triage.headline, nextStep: triage.nextStep, jobs, now: this.deps.now(), handles: { latest: jobHandle, mute } });
        await this.enqueue(s, `${s.id}|cause|${keyOf(sig)}|${jobs.length}|${keyOf(o.job.name)}`, noticeKey, card);
        continue;
      }
      // Rerun on a failure notice: the press is checked like the command (operators only, production through approval).
      const rerun = failed && !notRerunnable(o.job) ? jobHandle : undefined;
      const card = noticeCard({ workspaceAlias: o.workspace, job: o.job, now: this.deps.now(), triage, submitter, compute: found?.compute, handles: { job: jobHandle, mute, rerun } });
      await this.enqueue(s, `${s.id}|${key}`, noticeKey, card);
    }
  }

  /** Stuck/runaway alerts from the poller: once per subscription, job and kind. */
  async alert(s: Subscription, workspace: string, job: Job, kind: 'stuck' | 'runaway', why: string, others?: Job[]): Promise<void> {
    if (await this.deps.mutes.isMuted(s.conversationKey, workspace, job.name, job.experiment)) return;
    const conversationId = (s.reference.conversation as { id?: string } | undefined)?.id ?? '';
    const jobHandle = this.deps.handles.job({ workspace, job: job.name, conversationId });
    const card = noticeCard({ workspaceAlias: workspace, job, now: this.deps.now(), alert: why, compute: await this.alertContext(workspace, job, others), handles: { job: jobHandle } });
    await this.enqueue(s, `${s.id}|${kind}|${keyOf(`${workspace}|${job.name}`)}`, `${s.conversationKey}|${workspace}|${keyOf(job.name)}`, card);
  }

  /** Why a stuck job waits (from the page the poller just read: no call per job) or what a runaway one costs. */
  private async alertContext(workspace: string, job: Job, others: Job[] | undefined): Promise<ComputeView | undefined> {
    const ws = this.deps.config.workspaces[workspace];
    if (!ws) return undefined;
    const ctx = await jobContext(this.deps.computeContext, this.deps.logger, { ws, job, others, now: this.deps.now() });
    if (!ctx.queue && !ctx.cost) return undefined;
    return { waiting: ctx.queue, cost: ctx.cost ? costText(ctx.cost) : undefined, perHour: ctx.cost ? perHourText(ctx.cost) : undefined };
  }

  private async enqueue(s: Subscription, dedupeKey: string, noticeKey: string, card: AdaptiveCardV15): Promise<void> {
    await this.outbox.enqueue({ dedupeKey, conversationKey: s.conversationKey, reference: s.reference as StoredReference, op: { kind: 'update', card }, noticeKey, subscriptionId: s.id });
  }

  private async triage(o: JobObservation): Promise<{ triage: NoticeCardModel['triage']; signature?: string; compute?: ComputeView } | undefined> {
    try {
      const { model, verdict } = await summarizeJob(this.deps, this.deps.config.workspaces[o.workspace]!, o.job.name, { compute: 'neverStarted' });
      if (!model.log) return model.compute ? { triage: undefined, compute: model.compute } : undefined;
      const l = model.log;
      const triage = { categoryLabel: l.categoryLabel, headline: l.headline, evidence: l.evidence, ...(l.nextStep ? { nextStep: l.nextStep } : {}), ...(l.step ? { step: l.step } : {}) };
      // Only a known cause groups jobs: two "unknown"s are not the same cause.
      return { triage, compute: model.compute, ...(verdict && verdict.category !== 'unknown' ? { signature: verdict.signature } : {}) };
    } catch (err) {
      // A notice without triage beats no notice.
      this.deps.logger.warn({ err: { message: (err as Error).message }, job: o.job.name }, 'triage failed; sending the notice without it');
      return o.job.armError ? { triage: { categoryLabel: CATEGORY_LABELS.unknown, headline: o.job.armError.slice(0, 160), evidence: [] } } : undefined;
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
