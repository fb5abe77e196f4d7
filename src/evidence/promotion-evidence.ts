import { WorkspaceConfig } from '../config';
import { MetricValue } from '../azureml/mlflow-types';
import { PromotionEvidence } from './evidence-schema';
import { Deps } from '../deps';
import { formatDelta, formatMetric, lowerIsBetter } from './metric-direction';
import { GateResult, evaluateGates } from './gates';
import { Evidence, loadEvidence } from './run-evidence';

/** Metrics on the card: the gated ones first, then the candidate's others, up to this many. */
const KEY_METRICS = 8;

/**
 * The candidate's metrics against the version now registered under `model` (found through that version's source
 * job), and the workspace's gates for `model`. P2 on top of the candidate's evidence: 1 model-version list, the
 * current version's evidence (1 job GET + its metric reads), and 1 metrics/get-history per gated metric.
 */
export async function promotionEvidence(deps: Deps, ws: WorkspaceConfig, candidate: Evidence, model: string): Promise<{ evidence: PromotionEvidence; failed: GateResult[] }> {
  const gates = ws.promotionGates?.[model] ?? [];
  const versions = await deps.azureml.listModelVersions(ws, model);
  const latest = versions[0];
  let current: Evidence | undefined;
  let currentNote: string | undefined;
  if (!latest) currentNote = `${model} has no version yet: nothing to compare with`;
  else if (!latest.jobName) currentNote = `version ${latest.version} names no source job, so its metrics are unknown`;
  else if (latest.jobName === candidate.job.name) currentNote = `version ${latest.version} already came from this job`;
  else {
    current = await loadEvidence(deps, ws, latest.jobName).catch((err: unknown) => {
      deps.logger.warn({ err: { message: (err as Error).message }, model, version: latest.version }, 'could not read the current version\'s source job');
      currentNote = `the source job of version ${latest.version} (${latest.jobName}) could not be read`;
      return undefined;
    });
  }
  const results = evaluateGates(gates, candidate.metrics, latest && current ? { version: latest.version, metrics: current.metrics } : undefined);
  const gated = [...new Set(gates.map((g) => g.metric))];
  const keys = [...gated.filter((k) => candidate.metrics.some((m) => m.key === k)), ...candidate.metrics.map((m) => m.key).filter((k) => !gated.includes(k))].slice(0, KEY_METRICS);
  const best = await bestValues(deps, ws, candidate.source.runId, gated.filter((k) => keys.includes(k)));
  const metrics = keys.map((key) => {
    const mine = candidate.metrics.find((m) => m.key === key)!;
    const theirs = current?.metrics.find((m) => m.key === key);
    const d = theirs ? formatDelta(key, theirs.value, mine.value) : undefined;
    return {
      key, value: formatMetric(mine.value), at: `step ${mine.step}${mine.at ? `, ${mine.at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}`,
      current: theirs ? formatMetric(theirs.value) : undefined, delta: d?.text,
      tone: d?.verdict === 'better' ? ('good' as const) : d?.verdict === 'worse' ? ('bad' as const) : ('neutral' as const),
      best: best.get(key),
    };
  });
  return {
    evidence: {
      source: candidate.source.label, note: candidate.note ? `${candidate.job.name} has no metrics: ${candidate.note}` : undefined,
      current: latest ? { version: latest.version, job: latest.jobName, source: current?.source.label } : undefined, currentNote,
      metrics, gates: results,
    },
    failed: results.filter((r) => !r.passed),
  };
}

/**
 * For gated metrics, the best value the run ever logged (metrics/get-history), shown when it is not the final one:
 * an approver should know the final auc is below the run's peak.
 */
async function bestValues(deps: Deps, ws: WorkspaceConfig, runId: string, keys: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await Promise.all(keys.map(async (key) => {
    const history: MetricValue[] = await deps.azureml.getMetricHistory(ws, runId, key).catch((err: unknown) => {
      deps.logger.warn({ err: { message: (err as Error).message }, key }, 'metric history unavailable; showing the final value only');
      return [];
    });
    const finite = history.filter((m) => Number.isFinite(m.value));
    if (finite.length < 2) return;
    const last = finite[finite.length - 1]!;
    const peak = finite.reduce((b, m) => ((lowerIsBetter(key) ? m.value < b.value : m.value > b.value) ? m : b));
    if (peak.value !== last.value) out.set(key, `best ${formatMetric(peak.value)} at step ${peak.step}`);
  }));
  return out;
}
