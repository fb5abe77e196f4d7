/**
 * What each emulated run logged to MLflow: params and metric histories, pure functions of the job and the clock, so a
 * running job's history grows as the clock moves and every seed tells the same story. The scenario's promotion story:
 * fraud-gbm version 1 came from pipe-retrain-prod-15; train-fraud-gbm-prod-21 beats it on auc and loses on
 * latency_ms (a failed gate); pipe-retrain-prod-17 passes every gate once it completes.
 */
import { EmulatedJob, endedAt, startedAt } from './job-model';
import { hashUnit } from './rng';

type Direction = 'up' | 'down' | 'flat';
interface Plan {
  key: string;
  /** A string is a test-set value such as "NaN", sent as the string. */
  final: number | string;
  direction: Direction;
}

export interface LoggedMetric {
  key: string;
  value: number | string;
  timestamp: number;
  step: number;
}

/** Fixed finals for the jobs the README's promotion and compare walkthroughs use. */
const SCENARIO: Record<string, Record<string, number>> = {
  'pipe-retrain-prod-15': { auc: 0.927, precision: 0.861, recall: 0.806, latency_ms: 36.2, train_loss: 0.214 },
  'pipe-retrain-prod-17': { auc: 0.936, precision: 0.874, recall: 0.812, latency_ms: 35.1, train_loss: 0.198 },
  'train-fraud-gbm-prod-21': { auc: 0.941, precision: 0.883, recall: 0.792, latency_ms: 43.4, train_loss: 0.187 },
  'train-fraud-gbm-prod-20': { auc: 0.902, precision: 0.842, recall: 0.77, latency_ms: 51.8, train_loss: 0.262 },
};

const DOWN = /loss|error|latency|_ms$|time|rmse|mae|mse/i;

function directionOf(key: string): Direction {
  return /latency|_ms$|time/i.test(key) ? 'flat' : DOWN.test(key) ? 'down' : 'up';
}

const round = (n: number): number => Math.round(n * 10_000) / 10_000;

/** The job whose name carries the scenario's numbers: a pipeline's train step speaks for its pipeline. */
function scenarioKey(job: EmulatedJob): string {
  return job.childKind === 'step' && job.parentName ? job.parentName : job.name;
}

function plans(job: EmulatedJob): Plan[] {
  if (job.metrics) return Object.entries(job.metrics).map(([key, final]) => ({ key, final, direction: directionOf(key) }));
  if (job.jobType !== 'Command' && job.childKind === undefined) return []; // pipeline and sweep parents log nothing themselves
  if (job.childKind === 'step' && !/^train/.test(job.displayName)) return [];
  const fixed = SCENARIO[scenarioKey(job)];
  const u = (salt: string): number => hashUnit(`${job.name}/${salt}`);
  const finals: Record<string, number> = fixed ?? (/^(fraud|automl)/.test(job.model)
    ? { auc: 0.89 + 0.05 * u('auc'), precision: 0.8 + 0.1 * u('p'), recall: 0.74 + 0.1 * u('r'), latency_ms: 30 + 20 * u('l'), train_loss: 0.15 + 0.15 * u('t') }
    : { val_accuracy: (job.childKind === 'trial' ? 0.8 : 0.7) + 0.14 * u('acc'), train_loss: 0.2 + 0.6 * u('loss'), epoch_time_s: 40 + 50 * u('epoch') });
  return Object.entries(finals).map(([key, v]) => ({ key, final: round(v), direction: directionOf(key) }));
}

/** Params: `--key value` pairs of the command, a trial's sampled hyperparameters, and any a test set. */
export function runParams(job: EmulatedJob): Record<string, string> {
  const out: Record<string, string> = {};
  const words = job.command.split(/\s+/);
  words.forEach((w, i) => {
    const next = words[i + 1];
    if (/^--[a-z]/i.test(w) && next !== undefined && !next.startsWith('--') && !next.includes('${{')) out[w.slice(2).replace(/-/g, '_')] = next;
  });
  if (job.childKind === 'trial') {
    out.learning_rate = String(round(10 ** (-5 + 2 * hashUnit(`${job.name}/lr`)) * 10_000) / 10_000);
    out.batch_size = String([32, 64, 128][Math.floor(hashUnit(`${job.name}/bs`) * 3)]);
  }
  if (job.jobType === 'Command' && job.childKind !== 'step') out.epochs ??= '20';
  return { ...out, ...job.params };
}

/** Number of logged steps (epochs) over the run. */
function stepsOf(job: EmulatedJob): number {
  return job.childKind === 'trial' ? 10 : 20;
}

/**
 * Every logged value, oldest first: a curve that reaches the final value at the last step (accuracy-like metrics
 * rise, losses fall, latencies wobble), cut at the clock for a running job and at the failure for a failed one.
 */
export function metricHistory(job: EmulatedJob, now: number): LoggedMetric[] {
  const start = startedAt(job, now);
  if (start === undefined) return [];
  const end = endedAt(job, now);
  const n = stepsOf(job);
  const plannedEnd = job.timeline.at(-1)?.at ?? now;
  // A failed run stops logging before its last epoch; a finished one reaches it exactly at its end.
  const failedLate = job.timeline.at(-1)?.status === 'Failed' ? 1.25 : 1;
  const span = Math.max(1, ((end ?? Math.max(plannedEnd, now)) - start) * failedLate);
  const out: LoggedMetric[] = [];
  for (const p of plans(job)) {
    const { key, final } = p;
    if (typeof final === 'string' || !Number.isFinite(final)) {
      // "NaN"/"Infinity" as strings, as some servers serialize them: one value at the last step.
      out.push({ key, value: final, step: n, timestamp: end ?? now });
      continue;
    }
    const num = final;
    const first = p.direction === 'up' ? num * 0.6 : p.direction === 'down' ? num * 4 : num;
    const k = Math.exp(-4);
    for (let i = 1; i <= n; i++) {
      const at = start + Math.round((span * i) / n);
      if (at > now || (end !== undefined && at > end)) break;
      const wobble = p.direction === 'flat' ? 1 + 0.04 * Math.sin(i * 1.7) * (i < n ? 1 : 0) : 1;
      const value = i === n ? num : round((num + (first - num) * ((Math.exp((-4 * i) / n) - k) / (1 - k))) * wobble);
      out.push({ key, value, step: i, timestamp: at });
    }
  }
  return out;
}

/** MLflow keeps, per key, the value at the largest step (latest time on a tie). */
export function latestMetrics(history: LoggedMetric[]): LoggedMetric[] {
  const latest = new Map<string, LoggedMetric>();
  for (const m of history) {
    const cur = latest.get(m.key);
    if (!cur || m.step > cur.step || (m.step === cur.step && m.timestamp >= cur.timestamp)) latest.set(m.key, m);
  }
  return [...latest.values()];
}
