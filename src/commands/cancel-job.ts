import { HandleOf } from '../actions/handle-store';
import { isCancellable } from '../azureml/status';
import { Job } from '../azureml/types';
import { CancelCardState, cancelCard } from '../cards/cancel-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { UserError } from '../shared/errors';
import { toUserMessage } from '../shared/to-user-message';
import { findJob } from './find-job';
import { JOB_HANDLE_TTL_MS } from './show-job';
import { mayCancel, resolveWorkspace } from './workspace';

const CONFIRM_TTL_MS = 30 * 60_000;
const PERMISSION = 'Microsoft.MachineLearningServices/workspaces/jobs/cancel/action';

/** `cancel <job>`: a dry view with the job's facts; nothing is cancelled until someone confirms. */
export async function requestCancel(deps: Deps, turn: Turn, jobName: string, alias: string | undefined, reason?: string): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may cancel jobs there.`, 'not_operator');
  const job = await findJob(deps, ws, jobName);
  // Production cancels go through src/approvals; this path must never reach one.
  if (ws.production) throw new UserError('Production jobs are cancelled only through an approval.', 'production');
  const show = await deps.handles.create<'job'>({ kind: 'job', workspace: ws.alias, job: job.name, conversationId: turn.conversationId, ttlMs: JOB_HANDLE_TTL_MS });
  if (!isCancellable(job.status)) {
    return cancelCard({ workspaceAlias: ws.alias, job, requestedBy: turn.actor.name, reason, now: deps.now(), showHandle: show, state: { kind: 'not-cancellable', reason: notCancellable(job) } });
  }
  const id = await deps.handles.create<'cancel'>({
    kind: 'cancel', workspace: ws.alias, job: job.name, requester: turn.actor, reason, state: 'pending', conversationId: turn.conversationId, ttlMs: CONFIRM_TTL_MS,
  });
  await deps.audit.record({ action: 'cancel.requested', actor: turn.actor, workspace: ws.alias, job: job.name, correlationId: turn.correlationId, detail: reason ? { reason } : undefined });
  return cancelCard({ workspaceAlias: ws.alias, job, requestedBy: turn.actor.name, reason, now: deps.now(), showHandle: show, state: { kind: 'confirm', confirmHandle: id, keepHandle: id } });
}

/**
 * "Cancel job" pressed. The decision is stored with a compare-and-set before any Azure call,
 * so a double click or a replayed invoke cancels at most once and then just shows the outcome.
 */
export async function confirmCancel(deps: Deps, turn: Turn, id: string, h: HandleOf<'cancel'>, etag: string, keep: boolean): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, h.workspace);
  if (h.state !== 'pending') return currentCard(deps, h, id);
  if (new Date(h.expiresAt) < deps.now()) throw new UserError('This confirmation has expired. Run `cancel` again if the job should still stop.', 'expired');
  if (ws.production) throw new UserError('Production jobs are cancelled only through an approval.', 'production');
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may cancel jobs there.`, 'not_operator');

  const decided: HandleOf<'cancel'> = { ...h, state: keep ? 'kept' : 'confirming', decidedBy: turn.actor, decidedAt: deps.now().toISOString() };
  const cas = await deps.handles.put(id, decided, etag);
  if (!cas.ok) {
    const fresh = await deps.handles.get(id);
    return currentCard(deps, fresh?.value.kind === 'cancel' ? fresh.value : h, id);
  }
  await deps.audit.record({ action: keep ? 'cancel.kept' : 'cancel.confirmed', actor: turn.actor, workspace: ws.alias, job: h.job, correlationId: turn.correlationId });
  if (keep) return currentCard(deps, decided, id);

  let final: HandleOf<'cancel'>;
  let latest: Job | undefined;
  try {
    // Re-read first: Azure answers 200 to a cancel of a finished job, so only we can tell the user.
    latest = await deps.azureml.getJob(ws, h.job);
    if (!isCancellable(latest.status)) {
      final = { ...decided, state: 'failed', outcome: notCancellable(latest) };
    } else {
      await deps.azureml.cancelJob(ws, h.job, 2_500);
      latest = await deps.azureml.getJob(ws, h.job);
      final = { ...decided, state: 'cancelled', outcome: latest.status };
    }
  } catch (err) {
    deps.logger.error({ err, correlationId: turn.correlationId }, 'cancel failed');
    // Azure did not take the cancel (the client re-reads before any retry): the button works again.
    const message = toUserMessage(err, { operation: 'cancel jobs', permission: PERMISSION, workspaceAlias: ws.alias, correlationId: turn.correlationId });
    final = { ...decided, state: 'pending', decidedBy: undefined, decidedAt: undefined, outcome: message };
  }
  const stored = await deps.handles.get(id);
  if (stored) await deps.handles.put(id, final, stored.etag);
  await deps.audit.record({ action: 'cancel.result', actor: turn.actor, workspace: ws.alias, job: h.job, correlationId: turn.correlationId, outcome: `${final.state}: ${final.outcome ?? ''}` });
  return currentCard(deps, final, id, latest);
}

/** Re-render a request from its stored state (replays and second clicks land here). */
async function currentCard(deps: Deps, h: HandleOf<'cancel'>, _id: string, known?: Job): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, h.workspace);
  // The outcome must reach the user even when Azure cannot be read right now.
  const job: Job = known ?? (await deps.azureml.getJob(ws, h.job).catch((): Job => placeholder(h.job)));
  const show = await deps.handles.create<'job'>({ kind: 'job', workspace: ws.alias, job: h.job, conversationId: h.conversationId, ttlMs: JOB_HANDLE_TTL_MS });
  const at = h.decidedAt ? new Date(h.decidedAt) : deps.now();
  const by = h.decidedBy?.name ?? 'someone';
  let state: CancelCardState;
  switch (h.state) {
    case 'kept': state = { kind: 'kept', by, at }; break;
    case 'cancelled': state = { kind: 'cancelled', by, at, confirmed: job.status === 'Canceled' }; break;
    case 'confirming': state = { kind: 'cancelled', by, at, confirmed: false }; break;
    case 'failed': state = { kind: 'failed', message: h.outcome ?? 'The cancel did not go through.' }; break;
    case 'pending': state = { kind: 'confirm', confirmHandle: _id, keepHandle: _id, lastError: h.outcome }; break;
  }
  return cancelCard({ workspaceAlias: ws.alias, job, requestedBy: h.requester.name, reason: h.reason, now: deps.now(), showHandle: show, state });
}

function placeholder(name: string): Job {
  return { name, type: 'Unknown', status: 'Unknown', experiment: '—', tags: {}, inputs: [], outputs: [], archived: false };
}

function notCancellable(job: Job): string {
  return job.status === 'CancelRequested'
    ? `\`${job.name}\` is already being cancelled.`
    : `\`${job.name}\` is no longer running (it is ${job.status}); nothing to cancel.`;
}
