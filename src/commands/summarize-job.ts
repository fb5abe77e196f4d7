import { WorkspaceConfig } from '../config';
import { blobSource, pickLogFile } from '../azureml/log-source';
import { isTerminal } from '../azureml/status';
import { Job, Run } from '../azureml/types';
import { SummaryCardModel } from '../cards/summary-card';
import { Deps } from '../deps';
import { CATEGORY_LABELS, LogSummary, summarizeSource } from '../logs';
import { findJob } from './find-job';

export interface SummaryResult {
  job: Job;
  model: Omit<SummaryCardModel, 'handles' | 'live' | 'stopped'>;
}

/**
 * Reads the log the way `az ml job stream` finds it (run details → logFiles → preferred file),
 * but tail-first with Range requests. P2: job GET + details (+ children for pipelines) + ranged reads.
 */
export async function summarizeJob(deps: Deps, ws: WorkspaceConfig, jobName: string): Promise<SummaryResult> {
  const job = await findJob(deps, ws, jobName);
  const base = { workspaceAlias: ws.alias, jobName: job.name, jobType: job.type, status: job.status, startedAt: job.startedAt, endedAt: job.endedAt, now: deps.now() };
  let runId = job.name;
  let stepNote = '';
  if (/^(pipeline|sweep)$/i.test(job.type)) {
    const step = pickStep(await deps.azureml.listChildren(ws, job.name));
    if (!step) return { job, model: { ...base, noLogReason: 'This job has no steps with logs yet.' } };
    runId = step.runId;
    stepNote = ` (step ${step.displayName ?? step.runId})`;
  }
  const details = await deps.azureml.getRunDetails(ws, runId);
  const file = pickLogFile(details.logFiles);
  if (!file) {
    const reason = isTerminal(job.status) ? 'Azure ML lists no log files for this job.' : 'No log yet: the job has not started writing one.';
    return { job, model: { ...base, noLogReason: reason } };
  }
  const source = blobSource(deps.azureml.dataPlane, details.logFiles[file]!);
  const s = await summarizeSource(source);
  return { job, model: { ...base, log: toView(`${file}${stepNote}`, s, job.status) } };
}

/** The failed step explains a failed pipeline; otherwise the running one, otherwise the last. */
function pickStep(children: Run[]): Run | undefined {
  return children.find((c) => c.status === 'Failed') ?? children.find((c) => c.status === 'Running') ?? children[children.length - 1];
}

function toView(file: string, s: LogSummary, status: string): NonNullable<SummaryCardModel['log']> {
  const failed = s.category !== 'unknown' || status === 'Failed';
  return {
    file,
    categoryLabel: s.category === 'unknown' && status !== 'Failed' ? 'Log' : CATEGORY_LABELS[s.category],
    failed,
    headline: s.headline,
    evidence: s.evidence,
    lastLines: s.lastLines,
    progress: s.progress ? progressText(s.progress) : undefined,
    bytesRead: s.bytesRead,
    totalBytes: s.totalBytes,
  };
}

function progressText(p: NonNullable<LogSummary['progress']>): string {
  const parts: string[] = [];
  if (p.epoch) parts.push(`epoch ${p.epoch.current}${p.epoch.total ? `/${p.epoch.total}` : ''}`);
  if (p.step) parts.push(`step ${p.step.current}${p.step.total ? `/${p.step.total}` : ''}`);
  if (p.percent !== undefined) parts.push(`${p.percent}%`);
  return parts.length ? parts.join(' · ') : p.line;
}
