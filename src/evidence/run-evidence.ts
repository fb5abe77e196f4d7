import { WorkspaceConfig } from '../config';
import { JobSpec, MetricValue } from '../azureml/mlflow-types';
import { Job, Run } from '../azureml/types';
import { findJob } from '../jobs/find-job';
import { Deps } from '../deps';
import { isRestLike } from '../shared/errors';

/** What a run was measured on, and which run the numbers came from. */
export interface Evidence {
  workspace: string;
  job: Job;
  spec: JobSpec;
  /** The run the metrics and params were read from: the job itself, a sweep's best trial, or a pipeline's model step. */
  source: { runId: string; label?: string };
  metrics: MetricValue[];
  params: Record<string, string>;
  /** Why there are no metrics, when there are none. */
  note?: string;
}

/** Trials read to find a sweep's best one (one runs/get each); more are not looked at, and the card says so. */
export const MAX_TRIALS = 25;

/**
 * The job (one ARM GET, with its spec), then its metrics from MLflow: P2 = 1 + 1 runs/get for a command job;
 * + 1 children list + 1 runs/get for a pipeline; + 1 children list + 1 runs/get per Completed trial (≤ 25) for a
 * sweep. The workspace GET for the tracking URI is made once per workspace per process.
 */
export async function loadEvidence(deps: Deps, ws: WorkspaceConfig, name: string, check?: (job: Job) => void): Promise<Evidence> {
  const { job, spec } = await jobWithSpec(deps, ws, name);
  check?.(job);
  const base = { workspace: ws.alias, job, spec };
  if (/^sweep$/i.test(job.type)) return { ...base, ...(await bestTrial(deps, ws, job, spec)) };
  if (/^pipeline$/i.test(job.type)) return { ...base, ...(await modelStep(deps, ws, job, spec)) };
  return { ...base, source: { runId: job.name }, ...(await metricsOf(deps, ws, job.name)) };
}

async function jobWithSpec(deps: Deps, ws: WorkspaceConfig, name: string): Promise<{ job: Job; spec: JobSpec }> {
  try {
    return await deps.azureml.getJobWithSpec(ws, name);
  } catch (err) {
    // findJob turns the 404 into "no job named X" with near names (only on this error path).
    if (isRestLike(err) && err.statusCode === 404) await findJob(deps, ws, name);
    throw err;
  }
}

type Measured = Pick<Evidence, 'metrics' | 'params' | 'note'>;

async function metricsOf(deps: Deps, ws: WorkspaceConfig, runId: string): Promise<Measured> {
  try {
    const r = await deps.azureml.getRunMetrics(ws, runId);
    return { metrics: r.metrics, params: r.params, note: r.metrics.length ? undefined : 'it logged no metrics' };
  } catch (err) {
    if (!isRestLike(err) || err.statusCode !== 404) throw err;
    return { metrics: [], params: {}, note: 'MLflow has no run for it' };
  }
}

async function bestTrial(deps: Deps, ws: WorkspaceConfig, job: Job, spec: JobSpec): Promise<Pick<Evidence, 'source'> & Measured> {
  const trials = (await deps.azureml.listChildren(ws, job.name)).filter((t) => t.status === 'Completed');
  const objective = spec.objective;
  if (!trials.length) return { source: { runId: job.name }, metrics: [], params: {}, note: 'no trial completed' };
  if (!objective) return { source: { runId: job.name }, metrics: [], params: {}, note: 'the sweep names no primary metric, so no trial is best' };
  const read = trials.slice(0, MAX_TRIALS);
  const measured = await Promise.all(read.map(async (t) => ({ t, m: await metricsOf(deps, ws, t.runId) })));
  const score = (m: Measured): number | undefined => m.metrics.find((x) => x.key === objective.metric)?.value;
  const ranked = measured.filter((x) => Number.isFinite(score(x.m))).sort((x, y) => (score(y.m)! - score(x.m)!) * (objective.goal === 'maximize' ? 1 : -1));
  const best = ranked[0];
  if (!best) return { source: { runId: job.name }, metrics: [], params: {}, note: `no trial logged ${objective.metric}` };
  const more = trials.length > read.length ? ` among the first ${read.length} of ${trials.length} completed trials` : ` of ${trials.length} completed`;
  return { source: { runId: best.t.runId, label: `best trial ${name(best.t)} (${objective.goal} ${objective.metric}${more})` }, ...best.m };
}

async function modelStep(deps: Deps, ws: WorkspaceConfig, job: Job, spec: JobSpec): Promise<Pick<Evidence, 'source'> & Measured> {
  const steps = await deps.azureml.listChildren(ws, job.name);
  const bound = steps.find((s) => s.displayName !== undefined && spec.outputSteps.includes(s.displayName));
  // Without an output binding, a step named train* is the likeliest source of the model; say it is a guess.
  const step = bound ?? steps.find((s) => /^train/i.test(s.displayName ?? ''));
  if (!step) return { source: { runId: job.name }, metrics: [], params: {}, note: 'no step of the pipeline produced its model output' };
  const why = bound ? 'it produced the pipeline\'s model output' : 'named like the training step; no step binds the pipeline\'s output';
  return { source: { runId: step.runId, label: `step ${name(step)} (${why})` }, ...(await metricsOf(deps, ws, step.runId)) };
}

function name(r: Run): string {
  return r.displayName ?? r.runId;
}
