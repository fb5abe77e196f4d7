import { WorkspaceConfig } from '../config';
import { blobSource, pickLogFile, pickTriageFiles } from '../azureml/log-source';
import { isTerminal } from '../azureml/status';
import { Job, Run } from '../azureml/types';
import { SummaryCardModel } from '../cards/summary-card';
import { Deps } from '../deps';
import { CATEGORY_LABELS, LogSummary, TriageVerdict, summarizeSource, triage } from '../logs';
import { findJob } from './find-job';
import { jobContext } from './job-context';
import { costText, perHourText } from './cost';
import { ComputeView } from '../cards/job-card';

export interface SummaryResult {
  job: Job;
  /** The combined verdict of a job that ended without success (run error, every log read, status). */
  verdict?: TriageVerdict;
  model: Omit<SummaryCardModel, 'handles' | 'live' | 'stopped'>;
}

/**
 * Reads the log the way `az ml job stream` finds it (run details → logFiles → preferred file),
 * but tail-first with Range requests. P2: job GET + details (+ children for pipelines) + ranged reads; plus the
 * compute context (why queued, cost so far; src/jobs/job-context.ts), cached per workspace.
 */
/**
 * `compute`: 'all' (default) adds why-queued and cost; 'neverStarted' only explains the compute of a job that ended
 * without starting (failure notices, whose Azure calls stay as they were otherwise).
 */
export async function summarizeJob(deps: Deps, ws: WorkspaceConfig, jobName: string, opts: { compute?: 'all' | 'neverStarted' } = {}): Promise<SummaryResult> {
  const job = await findJob(deps, ws, jobName);
  const r = await summarizeFound(deps, ws, job);
  // A job that never started is explained by its compute only when the logs and run error name no cause of their own
  // (an image build that failed is why it never started, not the cluster).
  const known = r.verdict !== undefined && r.verdict.category !== 'unknown';
  if (opts.compute === 'neverStarted' && (job.startedAt || r.children?.some((c) => c.startedAt) || known)) return r;
  const children = /^(pipeline|sweep)$/i.test(job.type) ? r.children : undefined;
  const ctx = await jobContext(deps.computeContext, deps.logger, { ws, job, children, now: deps.now(), neverStarted: opts.compute === 'neverStarted' });
  if (opts.compute === 'neverStarted') ctx.cost = undefined;
  const compute: ComputeView = { waiting: ctx.queue, cost: ctx.cost ? costText(ctx.cost) : undefined, perHour: ctx.cost ? perHourText(ctx.cost) : undefined };
  return { job, verdict: r.verdict, model: { ...r.model, ...(compute.waiting || compute.cost ? { compute } : {}) } };
}

async function summarizeFound(deps: Deps, ws: WorkspaceConfig, job: Job): Promise<SummaryResult & { children?: Run[] }> {
  const base = { workspaceAlias: ws.alias, jobName: job.name, jobType: job.type, status: job.status, startedAt: job.startedAt, endedAt: job.endedAt, now: deps.now() };
  let runId = job.name;
  let stepNote = '';
  let stepName: string | undefined;
  let children: Run[] | undefined;
  if (/^(pipeline|sweep)$/i.test(job.type)) {
    children = await deps.azureml.listChildren(ws, job.name);
    const step = pickStep(children);
    if (!step) return { job, children, model: { ...base, noLogReason: 'This job has no steps with logs yet.' } };
    runId = step.runId;
    stepName = step.displayName ?? step.runId;
    stepNote = ` (step ${stepName})`;
  }
  const details = await deps.azureml.getRunDetails(ws, runId);
  const files = pickTriageFiles(details.logFiles);
  const primary = pickLogFile(details.logFiles);
  if (!primary && !details.error) {
    const reason = isTerminal(job.status) ? 'Azure ML lists no log files for this job.' : 'No log yet: the job has not started writing one.';
    return { job, children, model: { ...base, noLogReason: reason } };
  }
  const logs: { file: string; summary: LogSummary }[] = [];
  for (const file of files) {
    // The wrapper log only matters when the earlier logs name no clear cause (an OOM kill leaves no traceback).
    if (file !== primary && logs.some((l) => l.summary.category !== 'unknown' && !l.summary.likely)) continue;
    logs.push({ file, summary: await summarizeSource(blobSource(deps.azureml.dataPlane, details.logFiles[file]!)) });
  }
  const shown = logs.find((l) => l.file === primary) ?? logs[0];
  const verdict = job.status === 'Failed' || job.status === 'Canceled' || job.status === 'NotResponding'
    ? triage({ status: job.status, runError: details.error, logs, step: stepName })
    : undefined;
  return { job, verdict, children, model: { ...base, log: toView(shown ? `${shown.file}${stepNote}` : `run error${stepNote}`, shown?.summary, job.status, verdict) } };
}

/** The failed step explains a failed pipeline; otherwise the running one, otherwise the last. */
function pickStep(children: Run[]): Run | undefined {
  return children.find((c) => c.status === 'Failed') ?? children.find((c) => c.status === 'Running') ?? children[children.length - 1];
}

function toView(file: string, s: LogSummary | undefined, status: string, v: TriageVerdict | undefined): NonNullable<SummaryCardModel['log']> {
  const failed = v ? v.category !== 'unknown' : s !== undefined && s.category !== 'unknown' && !s.likely;
  const label = v ? v.categoryLabel : s && s.category !== 'unknown' && !s.likely ? CATEGORY_LABELS[s.category] : 'Log';
  return {
    file,
    categoryLabel: status === 'Failed' || failed ? label : 'Log',
    failed,
    headline: v?.headline ?? s?.headline ?? '',
    evidence: v?.evidence ?? s?.evidence ?? [],
    lastLines: s?.lastLines ?? [],
    progress: s?.progress ? progressText(s.progress) : undefined,
    bytesRead: s?.bytesRead ?? 0,
    totalBytes: s?.totalBytes ?? 0,
    ...(v ? { nextStep: { text: v.nextStep.text, learnUrl: v.nextStep.learnUrl }, decidedBy: v.decidedBy, step: v.step } : {}),
  };
}

function progressText(p: NonNullable<LogSummary['progress']>): string {
  const parts: string[] = [];
  if (p.epoch) parts.push(`epoch ${p.epoch.current}${p.epoch.total ? `/${p.epoch.total}` : ''}`);
  if (p.step) parts.push(`step ${p.step.current}${p.step.total ? `/${p.step.total}` : ''}`);
  if (p.percent !== undefined) parts.push(`${p.percent}%`);
  return parts.length ? parts.join(' · ') : p.line;
}
