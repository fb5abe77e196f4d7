import { isCancellable } from '../azureml/status';
import { Run, RunError } from '../azureml/types';
import { jobCard } from '../cards/job-card';
import { triage } from '../logs';
import { AdaptiveCardV15 } from '../cards/types';
import { Deps, Turn } from '../deps';
import { findJob } from '../jobs/find-job';
import { mayCancel, resolveWorkspace } from '../jobs/workspace';
import { jobContext } from '../jobs/job-context';
import { costText, perHourText } from '../jobs/cost';
import { notRerunnable } from '../jobs/rerunnable';
import { ComputeView } from '../cards/job-card';


/**
 * One ARM GET, plus the data plane only where it adds something: children of a pipeline or
 * sweep, and the error of a failed job (ARM has none). P2: show = 1 (+1) (+1); a job waiting over a minute adds
 * its compute, the region's usages and VM sizes and one job list page, a started one the compute and VM sizes, all
 * cached per workspace (src/jobs/compute-context.ts).
 */
export async function showJob(deps: Deps, turn: Turn, jobName: string, alias: string | undefined, notice?: string): Promise<AdaptiveCardV15> {
  const ws = resolveWorkspace(deps.config, alias);
  const job = await findJob(deps, ws, jobName);
  const hasChildren = /^(pipeline|sweep)$/i.test(job.type);
  const failed = job.status === 'Failed' && !job.armError;
  const [children, run] = await Promise.all([
    hasChildren ? optional(deps, () => deps.azureml.listChildren(ws, job.name)) : undefined,
    failed ? optional(deps, () => deps.azureml.getRun(ws, job.name)) : undefined,
  ]);
  const handle = deps.handles.job({ workspace: ws.alias, job: job.name, conversationId: turn.conversationId });
  const canCancel = isCancellable(job.status) && mayCancel(ws, turn.actor);
  const canRerun = /^(Failed|Canceled)$/.test(job.status) && !notRerunnable(job) && mayCancel(ws, turn.actor);
  const ctx = await jobContext(deps.computeContext, deps.logger, { ws, job, children: children ?? undefined, now: deps.now() });
  const compute: ComputeView = {
    waiting: ctx.queue, cost: ctx.cost ? costText(ctx.cost) : undefined, perHour: ctx.cost ? perHourText(ctx.cost) : undefined,
  };
  const error: RunError | undefined = run?.error ?? (job.armError ? { message: job.armError } : undefined);
  // The same engine as Summary, on what show already read (the run error and the status); Summary adds the logs.
  const ended = /^(Failed|Canceled|NotResponding)$/.test(job.status);
  const v = ended ? triage({ status: job.status, runError: error, logs: [] }) : undefined;
  return jobCard({
    workspaceAlias: ws.alias,
    production: ws.production,
    job,
    run: run as Run | undefined,
    verdict: v && v.category !== 'unknown' ? { label: v.categoryLabel, headline: v.headline, nextStep: v.nextStep.text, code: error?.innerCodes?.at(-1) ?? error?.code } : undefined,
    children: children ?? undefined,
    now: deps.now(),
    handles: { summary: handle, refresh: handle, cancel: canCancel ? handle : undefined, rerun: canRerun ? handle : undefined },
    compute,
    notice,
  });
}

/** The data-plane extras must not sink the whole card: show ARM's facts and log the gap. */
async function optional<T>(deps: Deps, f: () => Promise<T>): Promise<T | undefined> {
  try {
    return await f();
  } catch (err) {
    deps.logger.warn({ err: { message: (err as Error).message } }, 'data-plane read failed; showing the job without it');
    return undefined;
  }
}
