import { TurnContext } from 'botbuilder';
import { isCancellable } from '../azureml/status';
import { Job } from '../azureml/types';
import { findJob } from '../jobs/find-job';
import { mayCancel, resolveWorkspace } from '../jobs/workspace';
import { WorkspaceConfig } from '../config';
import { Deps, Turn } from '../deps';
import { UserError } from '../shared/errors';
import { channelRoot } from '../shared/turn';
import { jobContext } from '../jobs/job-context';
import { costText, perHourText } from '../jobs/cost';
import { rerunName } from '../jobs/rerun-name';
import { newHandleId } from '../actions/handle-store';
import { notRerunnable } from '../jobs/rerunnable';
import { ApprovalService, NewRequest } from './approval-service';
import { loadEvidence } from '../evidence/run-evidence';
import { promotionEvidence } from '../evidence/promotion-evidence';
import { promotionRefusedCard } from '../cards/promotion-refused-card';
import { cardActivity } from '../conversations/messenger';

function factsOf(job: Job): NewRequest['facts'] {
  return {
    displayName: job.displayName, type: job.type, status: job.status, experiment: job.experiment, submitter: job.submitter,
    compute: job.compute, startedAt: job.startedAt?.toISOString(), studioUrl: job.studioUrl, tags: job.tags,
  };
}

/** What the run has used and what continuing costs per hour, for the manager deciding (issue 12). */
async function withCost(deps: Deps, ws: WorkspaceConfig, job: Job): Promise<NewRequest['facts']> {
  const ctx = await jobContext(deps.computeContext, deps.logger, { ws, job, now: deps.now() });
  const cost = ctx.cost ? costText(ctx.cost) : undefined;
  const perHour = ctx.cost ? perHourText(ctx.cost) : undefined;
  return { ...factsOf(job), ...(cost ? { cost } : {}), ...(perHour ? { perHour } : {}) };
}

function requireApprovers(ws: WorkspaceConfig): void {
  if (!ws.approvers || ws.approvers.length === 0) throw new UserError(`\`${ws.alias}\` has no approvers configured, so nothing there can be approved.`, 'no_approvers');
}

/** `cancel <job> in <prod>`: never cancels; asks the workspace's approvers. */
export async function requestProductionCancel(deps: Deps, service: ApprovalService, context: TurnContext, turn: Turn, ws: WorkspaceConfig, jobName: string, reason?: string): Promise<void> {
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may ask to cancel jobs there.`, 'not_operator');
  requireApprovers(ws);
  const job = await findJob(deps, ws, jobName);
  if (!isCancellable(job.status)) throw new UserError(`\`${job.name}\` is no longer running (it is ${job.status}); nothing to cancel.`, 'not_cancellable');
  await service.request(context, turn, ws, { action: 'cancel', workspace: ws.alias, job: job.name, facts: await withCost(deps, ws, job), requester: turn.actor, reason });
}

/** `rerun <job> in <prod>`: never submits; asks the workspace's approvers. The new name is fixed now (one job). */
export async function requestProductionRerun(deps: Deps, service: ApprovalService, context: TurnContext, turn: Turn, ws: WorkspaceConfig, jobName: string, reason?: string): Promise<void> {
  if (!mayCancel(ws, turn.actor)) throw new UserError(`Only operators of \`${ws.alias}\` may ask to rerun jobs there.`, 'not_operator');
  requireApprovers(ws);
  const job = await findJob(deps, ws, jobName);
  const why = notRerunnable(job);
  if (why) throw new UserError(why, 'not_rerunnable');
  await service.request(context, turn, ws, {
    action: 'rerun', workspace: ws.alias, job: job.name, facts: await withCost(deps, ws, job), requester: turn.actor, reason,
    rerun: { newName: rerunName(job.name, newHandleId()) },
  });
}

/**
 * `promote <job> [in <ws>] as <model> [from <output>] [anyway because <reason>]`: the job's metrics against the
 * current version and the workspace's acceptance gates (evidence/promotion-evidence.ts). A failed gate refuses the
 * request, with the evidence, unless the requester overrides it with a reason; the card and the audit show both.
 */
export async function requestPromotion(deps: Deps, service: ApprovalService, context: TurnContext, turn: Turn, cmd: { job: string; workspace?: string; model: string; output?: string; override?: string }): Promise<void> {
  const ws = resolveWorkspace(deps.config, cmd.workspace);
  requireApprovers(ws);
  const candidate = await loadEvidence(deps, ws, cmd.job, (job) => {
    if (job.status !== 'Completed') throw new UserError(`Only Completed jobs can be promoted; \`${job.name}\` is ${job.status}.`, 'not_completed');
  });
  const job = candidate.job;
  const output = pickOutput(job, cmd.output);
  const { evidence, failed } = await promotionEvidence(deps, ws, candidate, cmd.model);
  if (failed.length && !cmd.override) {
    await deps.audit.record({ action: 'promotion.refused', actor: turn.actor, workspace: ws.alias, job: job.name, correlationId: turn.correlationId, outcome: 'gates failed', detail: { model: cmd.model, failed: failed.map((g) => g.rule).join('; ') } });
    await context.sendActivity(cardActivity(promotionRefusedCard({ job: job.name, workspaceAlias: ws.alias, model: cmd.model, evidence })));
    return;
  }
  if (failed.length) evidence.override = cmd.override;
  else if (cmd.override) {
    // "anyway because" with no failed gate: nothing is overridden, but what the requester wrote is not dropped. It
    // becomes the request's reason (on the card and in the audit), and they are told why the card shows no override.
    const why = evidence.gates.length ? `Every acceptance gate for \`${cmd.model}\` passed` : `No acceptance gates are configured for \`${cmd.model}\``;
    await context.sendActivity(`${why}, so there is nothing to override; your "anyway because" text goes on the request as its reason.`);
  }
  await service.request(context, turn, ws, {
    action: 'promote', workspace: ws.alias, job: job.name, facts: factsOf(job), requester: turn.actor,
    promote: { modelName: cmd.model, outputName: output, path: `azureml://jobs/${job.name}/outputs/${output}` },
    evidence, ...(cmd.override ? { reason: cmd.override } : {}),
  });
}

function pickOutput(job: Job, wanted: string | undefined): string {
  const names = job.outputs.map((o) => o.name);
  if (wanted) {
    if (names.length && !names.includes(wanted)) throw new UserError(`\`${job.name}\` has no output \`${wanted}\`. Its outputs: ${names.map((n) => `\`${n}\``).join(', ')}.`, 'no_output');
    return wanted;
  }
  if (names.includes('model')) return 'model';
  const first = names.find((n) => n !== 'default') ?? names[0];
  if (!first) throw new UserError(`\`${job.name}\` lists no outputs; say which one with \`from <output-name>\`.`, 'no_output');
  return first;
}

/** `approvals here for <ws>` in a channel, by an approver of that workspace. */
export async function setApprovalChannel(deps: Deps, context: TurnContext, turn: Turn, alias: string): Promise<string> {
  const ws = resolveWorkspace(deps.config, alias);
  if (context.activity.conversation?.conversationType !== 'channel') throw new UserError('Run this in the team channel that should receive approval requests.', 'not_channel');
  if (!turn.actor.aadObjectId || !(ws.approvers ?? []).includes(turn.actor.aadObjectId)) throw new UserError(`Only an approver of \`${ws.alias}\` can choose where its approvals go.`, 'not_approver');
  // Post new requests as new threads at the channel root, not inside this command's thread.
  const root = channelRoot(TurnContext.getConversationReference(context.activity));
  const channelId = root.conversation?.id ?? '';
  await deps.conversations.setApprovalChannel(ws.alias, root, turn.actor.name);
  await deps.audit.record({ action: 'approvals.channel.set', actor: turn.actor, workspace: ws.alias, correlationId: turn.correlationId, detail: { channel: channelId } });
  return `Approval requests for \`${ws.alias}\` will be posted in this channel.`;
}
