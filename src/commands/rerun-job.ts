import { HandleOf, newHandleId } from '../actions/handle-store';
import { messageCard } from '../cards/message-card';
import { rerunCard } from '../cards/rerun-card';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { UserError } from '../shared/errors';
import { toUserMessage } from '../shared/to-user-message';
import { RerunResult } from '../azureml/azureml-client';
import { findJob } from '../jobs/find-job';
import { rerunName } from '../jobs/rerun-name';
import { notRerunnable } from '../jobs/rerunnable';
import { mayCancel, resolveWorkspace } from '../jobs/workspace';
import { showJob } from './show-job';

const CONFIRM_TTL_MS = 30 * 60_000;
const JOBS_WRITE = 'Microsoft.MachineLearningServices/workspaces/jobs/write';

/** `rerun <job>` in a non-production workspace: a confirmation card; nothing is submitted until someone confirms. */
export async function requestRerun(deps: Deps, turn: Turn, jobName: string, alias: string | undefined, reason?: string): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may rerun jobs there.`, 'not_operator');
  if (ws.production) throw new UserError('Production jobs are rerun only through an approval.', 'production');
  const job = await findJob(deps, ws, jobName);
  const show = deps.handles.job({ workspace: ws.alias, job: job.name, conversationId: turn.conversationId });
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
  const show = deps.handles.job({ workspace: ws.alias, job: h.job, conversationId: turn.conversationId });
  if (h.state === 'kept' || (keep && h.state === 'pending')) {
    if (h.state === 'pending') {
      await deps.handles.put(id, { ...h, state: 'kept', decidedBy: turn.actor }, etag);
      await deps.audit.record({ action: 'rerun.kept', actor: turn.actor, workspace: ws.alias, job: h.job, correlationId: turn.correlationId });
    }
    return rerunCard({ workspaceAlias: ws.alias, job: h.job, jobType: '', status: 'not rerun', newName: h.newName, requestedBy: h.requester.name, reason: h.reason, showHandle: show, state: { kind: 'kept', by: (h.decidedBy ?? turn.actor).name } });
  }
  if (h.state === 'pending' && new Date(h.expiresAt) < deps.now()) throw new UserError('This confirmation has expired. Run `rerun` again if the job should still run.', 'expired');
  let submitter = h.decidedBy ?? turn.actor;
  if (h.state === 'pending') {
    // The decision is stored before Azure is asked (compare-and-set): of two presses at once, one submits.
    const w = await deps.handles.put(id, { ...h, state: 'submitted', decidedBy: turn.actor }, etag);
    if (!w.ok) return otherPress(deps, turn, id, h);
    submitter = turn.actor;
    await deps.audit.record({ action: 'rerun.confirmed', actor: turn.actor, workspace: ws.alias, job: h.job, correlationId: turn.correlationId, detail: { newName: h.newName } });
  } else {
    // Submitted by an earlier press, perhaps still in flight: show that job once it is visible, and submit again only
    // if it never appears (the first try failed or its answer was lost). Submitting at once would PUT a second time.
    const shown = await visibleRerun(deps, turn, h, submitter.name);
    if (shown) return shown;
  }
  let r: RerunResult;
  try {
    // Also after a lost answer or a failed first try (state submitted): the name is looked up first, so at most one job.
    r = await deps.azureml.rerunJob(ws, h.job, h.newName, { 'jobops.rerunOf': h.job, 'jobops.rerunBy': submitter.name });
  } catch (err) {
    deps.logger.warn({ err, correlationId: turn.correlationId, job: h.job }, 'rerun failed');
    const message = toUserMessage(err, { operation: 'submit the job again', permission: JOBS_WRITE, workspaceAlias: ws.alias, correlationId: turn.correlationId });
    await deps.audit.record({ action: 'azure.job.create', actor: turn.actor, workspace: ws.alias, job: h.newName, correlationId: turn.correlationId, outcome: 'error', detail: { rerunOf: h.job, message: message.slice(0, 300) } });
    throw new UserError(`${message} Pressing Rerun job again tries once more and still makes at most one job.`, 'rerun_failed');
  }
  if (r.created) {
    await deps.audit.record({
      action: 'azure.job.create', actor: turn.actor, workspace: ws.alias, job: h.newName, correlationId: turn.correlationId, outcome: `status ${r.job.status}`,
      detail: { rerunOf: h.job }, azureRequestId: r.ids.requestId, azureCorrelationId: r.ids.correlationRequestId,
    });
  }
  return showJob(deps, turn, h.newName, ws.alias, `Rerun of ${h.job}, submitted by ${submitter.name}.`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The new job's card once Azure lists it (a few quick reads), or undefined if it does not appear. */
async function visibleRerun(deps: Deps, turn: Turn, h: HandleOf<'rerun'>, by: string): Promise<AdaptiveCardV15 | undefined> {
  for (let i = 0; i < 4; i++) {
    try {
      return await showJob(deps, turn, h.newName, h.workspace, `Rerun of ${h.job}, submitted by ${by}.`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      await sleep(400);
    }
  }
  return undefined;
}

/**
 * A press that lost the compare-and-set to another one: it never submits. It shows the new job once the winner's
 * submit is visible (a few quick reads), or says that the other press is submitting it.
 */
async function otherPress(deps: Deps, turn: Turn, id: string, h: HandleOf<'rerun'>): Promise<AdaptiveCardV15> {
  const fresh = (await deps.handles.get(id))?.value;
  const by = fresh?.kind === 'rerun' ? (fresh.decidedBy?.name ?? 'someone') : 'someone';
  if (fresh?.kind === 'rerun' && fresh.state === 'kept') throw new UserError(`Not rerun: ${by} chose to keep it as it is.`, 'rerun_kept');
  const shown = await visibleRerun(deps, turn, h, by);
  if (shown) return shown;
  return messageCard({ title: 'Rerun on its way', text: `${by} pressed Rerun at the same time; \`${h.newName}\` is being submitted. Show it in a moment with \`show ${h.newName} in ${h.workspace}\`.` });
}
