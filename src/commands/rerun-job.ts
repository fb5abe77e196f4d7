import { HandleOf } from '../actions/handle-store';
import { rerunCard } from '../cards/rerun-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { UserError } from '../shared/errors';
import { findJob } from '../jobs/find-job';
import { rerunName } from '../jobs/rerun-name';
import { notRerunnable } from '../jobs/rerunnable';
import { mayCancel, resolveWorkspace } from '../jobs/workspace';
import { newHandleId } from '../actions/handle-store';
import { JOB_HANDLE_TTL_MS, showJob } from './show-job';

const CONFIRM_TTL_MS = 30 * 60_000;

/** `rerun <job>` in a non-production workspace: a confirmation card; nothing is submitted until someone confirms. */
export async function requestRerun(deps: Deps, turn: Turn, jobName: string, alias: string | undefined, reason?: string): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may rerun jobs there.`, 'not_operator');
  if (ws.production) throw new UserError('Production jobs are rerun only through an approval.', 'production');
  const job = await findJob(deps, ws, jobName);
  const show = await deps.handles.create<'job'>({ kind: 'job', workspace: ws.alias, job: job.name, conversationId: turn.conversationId, ttlMs: JOB_HANDLE_TTL_MS });
  const base = { workspaceAlias: ws.alias, job: job.name, jobType: job.type, status: job.status, compute: job.compute, requestedBy: turn.actor.name, reason, showHandle: show };
  const why = notRerunnable(job);
  if (why) return rerunCard({ ...base, newName: '—', state: { kind: 'not-rerunnable', why } });
  const newName = rerunName(job.name, newHandleId());
  const id = await deps.handles.create<'rerun'>({ kind: 'rerun', workspace: ws.alias, job: job.name, requester: turn.actor, reason, newName, state: 'pending', conversationId: turn.conversationId, ttlMs: CONFIRM_TTL_MS });
  await deps.audit.record({ action: 'rerun.requested', actor: turn.actor, workspace: ws.alias, job: job.name, correlationId: turn.correlationId, detail: { newName, ...(reason ? { reason } : {}) } });
  return rerunCard({ ...base, newName, state: { kind: 'confirm', handle: id } });
}

/**
 * "Rerun job" pressed (or "Keep as is"). Idempotent by the name fixed on the card: whatever the number of presses,
 * replays or retries, Azure is asked for that one job, and the new job's card is the answer.
 */
export async function confirmRerun(deps: Deps, turn: Turn, id: string, h: HandleOf<'rerun'>, etag: string, keep: boolean): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, h.workspace);
  if (ws.production) throw new UserError('Production jobs are rerun only through an approval.', 'production');
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may rerun jobs there.`, 'not_operator');
  const show = await deps.handles.create<'job'>({ kind: 'job', workspace: ws.alias, job: h.job, conversationId: turn.conversationId, ttlMs: JOB_HANDLE_TTL_MS });
  if (h.state === 'kept' || (keep && h.state === 'pending')) {
    if (h.state === 'pending') {
      await deps.handles.put(id, { ...h, state: 'kept', decidedBy: turn.actor }, etag);
      await deps.audit.record({ action: 'rerun.kept', actor: turn.actor, workspace: ws.alias, job: h.job, correlationId: turn.correlationId });
    }
    return rerunCard({ workspaceAlias: ws.alias, job: h.job, jobType: '', status: 'not rerun', newName: h.newName, requestedBy: h.requester.name, reason: h.reason, showHandle: show, state: { kind: 'kept', by: (h.decidedBy ?? turn.actor).name } });
  }
  if (h.state === 'pending' && new Date(h.expiresAt) < deps.now()) throw new UserError('This confirmation has expired. Run `rerun` again if the job should still run.', 'expired');
  const r = await deps.azureml.rerunJob(ws, h.job, h.newName, { 'jobops.rerunOf': h.job, 'jobops.rerunBy': turn.actor.name });
  if (r.created) {
    await deps.audit.record({
      action: 'azure.job.create', actor: turn.actor, workspace: ws.alias, job: h.newName, correlationId: turn.correlationId, outcome: `status ${r.job.status}`,
      detail: { rerunOf: h.job }, azureRequestId: r.ids.requestId, azureCorrelationId: r.ids.correlationRequestId,
    });
  }
  if (h.state === 'pending') {
    const w = await deps.handles.put(id, { ...h, state: 'submitted', decidedBy: turn.actor }, etag);
    if (!w.ok) deps.logger.info({ handle: id }, 'rerun already recorded by another press; the job exists once either way');
  }
  return showJob(deps, turn, h.newName, ws.alias, `Rerun of ${h.job}, submitted by ${(h.decidedBy ?? turn.actor).name}.`);
}
