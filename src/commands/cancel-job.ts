import { HandleOf } from '../actions/handle-store';
import { isCancellable } from '../azureml/status';
import { cancelCard } from '../cards/cancel-card';
import { stillTrying } from '../cards/progress-text';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { startTurnWork } from '../shared/deadline';
import { UserError } from '../shared/errors';
import { CardPlace } from '../shared/turn';
import { carryOutCancel, tellCancelOutcome } from './cancel-outcome';
import { cancelCardFor, notCancellable, toSnapshot } from './cancel-view';
import { findJob } from '../jobs/find-job';
import { mayCancel, resolveWorkspace } from '../jobs/workspace';
import { jobContext } from '../jobs/job-context';
import { costText, perHourText } from '../jobs/cost';

const CONFIRM_TTL_MS = 30 * 60_000;

/** `cancel <job>`: a dry view with the job's facts; nothing is cancelled until someone confirms. */
export async function requestCancel(deps: Deps, turn: Turn, jobName: string, alias: string | undefined, reason?: string): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may cancel jobs there.`, 'not_operator');
  const job = await findJob(deps, ws, jobName);
  // Production cancels go through src/approvals; this path must never reach one.
  if (ws.production) throw new UserError('Production jobs are cancelled only through an approval.', 'production');
  const show = deps.handles.job({ workspace: ws.alias, job: job.name, conversationId: turn.conversationId });
  if (!isCancellable(job.status)) {
    return cancelCard({ workspaceAlias: ws.alias, job, requestedBy: turn.actor.name, reason, now: deps.now(), showHandle: show, state: { kind: 'not-cancellable', reason: notCancellable(job) } });
  }
  const id = await deps.handles.create<'cancel'>({
    kind: 'cancel', workspace: ws.alias, job: job.name, requester: turn.actor, reason, state: 'pending', conversationId: turn.conversationId, ttlMs: CONFIRM_TTL_MS,
    snapshot: toSnapshot(job),
  });
  await deps.audit.record({ action: 'cancel.requested', actor: turn.actor, workspace: ws.alias, job: job.name, correlationId: turn.correlationId, detail: reason ? { reason } : undefined });
  const ctx = await jobContext(deps.computeContext, deps.logger, { ws, job, now: deps.now() });
  const compute = ctx.cost ? { cost: costText(ctx.cost), perHour: perHourText(ctx.cost) } : undefined;
  return cancelCard({ workspaceAlias: ws.alias, job, requestedBy: turn.actor.name, reason, now: deps.now(), showHandle: show, state: { kind: 'confirm', confirmHandle: id, keepHandle: id }, compute });
}

/**
 * "Cancel job" pressed. The decision is stored with a compare-and-set before any Azure call,
 * so a double click or a replayed invoke cancels at most once and then just shows the outcome.
 *
 * Teams wants the answer within seconds, but Azure under throttling can take longer: after
 * `replyDeadlineMs` the card says "still trying", the cancel goes on, and its end updates the card
 * in place (`place`) with a follow-up message.
 */
export async function confirmCancel(deps: Deps, turn: Turn, id: string, h: HandleOf<'cancel'>, etag: string, keep: boolean, place: CardPlace): Promise<AdaptiveCardV15> {
  const until = Date.now() + deps.config.replyDeadlineMs;
  const left = (): number => Math.max(0, until - Date.now());
  const ws = resolveWorkspace(deps.config, h.workspace);
  if (h.state !== 'pending') return cancelCardFor(deps, h, id, { readWithinMs: left() });
  if (new Date(h.expiresAt) < deps.now()) throw new UserError('This confirmation has expired. Run `cancel` again if the job should still stop.', 'expired');
  if (ws.production) throw new UserError('Production jobs are cancelled only through an approval.', 'production');
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may cancel jobs there.`, 'not_operator');

  const decided: HandleOf<'cancel'> = { ...h, state: keep ? 'kept' : 'confirming', decidedBy: turn.actor, decidedAt: deps.now().toISOString() };
  const cas = await deps.handles.put(id, decided, etag);
  if (!cas.ok) {
    // Someone else decided first (or is still cancelling): show that, and start nothing.
    const fresh = await deps.handles.get(id);
    return cancelCardFor(deps, fresh?.value.kind === 'cancel' ? fresh.value : h, id, { readWithinMs: left() });
  }
  await deps.audit.record({ action: keep ? 'cancel.kept' : 'cancel.confirmed', actor: turn.actor, workspace: ws.alias, job: h.job, correlationId: turn.correlationId });
  if (keep) return cancelCardFor(deps, decided, id, { readWithinMs: left() });

  const work = startTurnWork(() => carryOutCancel(deps, turn, ws, id, decided), deps.logger, 'cancel');
  const r = await work.within(left());
  if (r.done) return cancelCardFor(deps, r.value.final, id, { known: r.value.latest, readWithinMs: left() });
  const card = await cancelCardFor(deps, decided, id, { note: stillTrying(deps.azureml.recentTrouble()) });
  // Registered only now that the "still trying" card exists, so the outcome always comes after it.
  work.afterwards((outcome) => tellCancelOutcome(deps, turn, place, decided, id, outcome));
  return card;
}
