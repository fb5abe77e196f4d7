import { MetricValue } from '../azureml/mlflow-types';
import { Gate } from './gate-rules';
import { formatMetric, lowerIsBetter } from './metric-direction';

export interface GateResult {
  rule: string;
  passed: boolean;
  /** What the gate saw, in words: "0.941", "43.4 is above 40", "−0.3% against version 1 (0.927)". */
  detail: string;
}

const COMPARE: Record<'>=' | '<=' | '>' | '<', (a: number, b: number) => boolean> = {
  '>=': (a, b) => a >= b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '<': (a, b) => a < b,
};

/**
 * Pure: each gate against the candidate's final metrics and, for "not worse than current", the current version's.
 * A metric the candidate did not log, or logged as NaN/∞, fails its gate: a gate that cannot be checked is not passed.
 */
export function evaluateGates(gates: readonly Gate[], candidate: MetricValue[], current: { version: string; metrics: MetricValue[] } | undefined): GateResult[] {
  return gates.map((g) => {
    const mine = candidate.find((m) => m.key === g.metric);
    if (!mine) return { rule: g.rule, passed: false, detail: `${g.metric} was not logged by this run` };
    if (!Number.isFinite(mine.value)) return { rule: g.rule, passed: false, detail: `${g.metric} is ${formatMetric(mine.value)}` };
    if (g.kind === 'threshold') {
      const passed = COMPARE[g.op](mine.value, g.value);
      return { rule: g.rule, passed, detail: `${formatMetric(mine.value)}${passed ? '' : ` does not meet ${g.op} ${formatMetric(g.value)}`}` };
    }
    if (!current) return { rule: g.rule, passed: true, detail: 'no current version to compare with' };
    const theirs = current.metrics.find((m) => m.key === g.metric);
    if (!theirs || !Number.isFinite(theirs.value)) return { rule: g.rule, passed: true, detail: `version ${current.version} has no usable ${g.metric}` };
    const change = theirs.value === 0 ? 0 : ((mine.value - theirs.value) / Math.abs(theirs.value)) * 100;
    const worseBy = lowerIsBetter(g.metric) ? change : -change;
    const passed = worseBy <= g.tolerancePct;
    const sign = change >= 0 ? '+' : '−';
    return { rule: g.rule, passed, detail: `${formatMetric(mine.value)} vs ${formatMetric(theirs.value)} in version ${current.version} (${sign}${formatMetric(Math.abs(Math.round(change * 100) / 100))}%)` };
  });
}
