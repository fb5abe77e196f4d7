/** Pure: two runs' evidence → the side-by-side view model. Differences first, and every list within a budget. */
import { MetricValue } from '../azureml/mlflow-types';
import { NamedUri } from '../azureml/types';
import { CompareCardModel, CompareRow, CompareSection } from '../cards/compare-card';
import { humanDuration, plain } from '../cards/format';
import { commandDiff } from './command-diff';
import { formatDelta, formatMetric } from '../evidence/metric-direction';
import { Evidence } from '../evidence/run-evidence';

/** Rows per section: the card stays well under Teams' ~28 KB with every section full (tested). */
export const BUDGET = { facts: 8, inputs: 6, params: 12, metrics: 15, outputs: 6 } as const;

function differsFirst(rows: CompareRow[]): CompareRow[] {
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

function cut(title: string, rows: CompareRow[], max: number, what: string, empty?: string): CompareSection {
  const shown = rows.slice(0, max);
  const hidden = rows.length - shown.length;
  const hiddenDiffs = rows.slice(max).filter((r) => r.differs).length;
  const more = hidden > 0 ? `${hidden} more ${what} not shown${hiddenDiffs ? ` (${hiddenDiffs} of them differ)` : ' (all the same)'}.` : undefined;
  return { title, rows: shown, more, empty };
}

const row = (label: string, a: string, b: string): CompareRow => ({ label, a, b, differs: a !== b });

function duration(e: Evidence): string {
  const { startedAt, endedAt } = e.job;
  return startedAt && endedAt ? humanDuration(endedAt.getTime() - startedAt.getTime()) : startedAt ? 'still running' : '—';
}

function env(e: Evidence): string {
  const v = e.spec.environment;
  return v ? `${v.name}${v.version ? `:${v.version}` : ''}` : '—';
}

/** `azureml:fraud-transactions:12` → "fraud-transactions v12"; other URIs as they are. */
function uriText(u: NamedUri): string {
  const asset = /^azureml:([^:/]+):(\d+)$/.exec(u.uri ?? '');
  return asset ? `${asset[1]} v${asset[2]}` : plain(u.uri ?? u.type ?? '—', 160);
}

function named(a: NamedUri[], b: NamedUri[]): CompareRow[] {
  const names = [...new Set([...a, ...b].map((u) => u.name))];
  const text = (list: NamedUri[], n: string): string => {
    const u = list.find((x) => x.name === n);
    return u ? uriText(u) : 'none';
  };
  return differsFirst(names.map((n) => row(n, text(a, n), text(b, n))));
}

function when(m: MetricValue): string {
  // Month-day and time keep the column narrow on a phone; the year adds nothing when comparing two runs.
  return `step ${m.step}${m.at ? ` · ${m.at.toISOString().slice(5, 16).replace('T', ' ')} UTC` : ''}`;
}

/**
 * Differences first: metrics whose value changed (largest relative change first), then those only one run logged
 * (a renamed or dropped metric is a difference too), then the unchanged ones. The budget cuts from the end, so an
 * unchanged metric is never shown while a difference is cut.
 */
export function metricRows(a: MetricValue[], b: MetricValue[]): CompareRow[] {
  const keys = [...new Set([...a, ...b].map((m) => m.key))];
  const rows = keys.map((key) => {
    const x = a.find((m) => m.key === key);
    const y = b.find((m) => m.key === key);
    const r: CompareRow & { weight: number } = { label: key, a: x ? formatMetric(x.value) : 'not logged', b: y ? formatMetric(y.value) : 'not logged', differs: true, subA: x && when(x), subB: y && when(y), weight: -1 };
    if (x && y) {
      const d = formatDelta(key, x.value, y.value);
      r.differs = d.verdict !== 'same';
      r.delta = { text: d.text, tone: d.verdict === 'better' ? 'good' : d.verdict === 'worse' ? 'bad' : 'neutral' };
      const rel = Math.abs(y.value - x.value) / (Math.abs(x.value) || 1);
      r.weight = Number.isFinite(rel) ? rel : Number.MAX_VALUE;
    }
    return r;
  });
  return rows.sort((p, q) => Number(q.differs) - Number(p.differs) || q.weight - p.weight).map(({ weight: _w, ...r }) => r);
}

export function compareView(a: Evidence, b: Evidence, title: string): CompareCardModel {
  const cmd = commandDiff(a.spec.command, b.spec.command);
  const facts = differsFirst([
    row('Status', a.job.status, b.job.status),
    row('Type', a.job.type, b.job.type),
    row('Experiment', plain(a.job.experiment, 80), plain(b.job.experiment, 80)),
    row('Duration', duration(a), duration(b)),
    row('Compute', a.job.compute ?? 'serverless', b.job.compute ?? 'serverless'),
    row('Nodes', String(a.spec.nodeCount ?? '—'), String(b.spec.nodeCount ?? '—')),
    row('Environment', env(a), env(b)),
    { label: 'Command', a: plain(cmd.a, 160), b: plain(cmd.b, 160), differs: cmd.differs },
  ]);
  const paramKeys = [...new Set([...Object.keys(a.params), ...Object.keys(b.params)])].sort();
  const params = paramKeys.map((k) => row(k, plain(a.params[k] ?? 'not set', 80), plain(b.params[k] ?? 'not set', 80)));
  const differing = params.filter((p) => p.differs);
  const same = params.length - differing.length;
  const notes: string[] = ['Δ is B minus A; ▲/▼ is the direction, and "better"/"worse" follows the metric (losses, errors and latencies go down).'];
  for (const [tag, e] of [['A', a], ['B', b]] as const) if (e.note) notes.push(`${tag} (${e.job.name}) has no metrics: ${e.note}.`);
  const paramSection = cut('Parameters that differ', differing, BUDGET.params, 'differing parameters', params.length ? 'All parameters are the same.' : 'Neither run logged parameters.');
  if (same && differing.length) paramSection.more = `${paramSection.more ? `${paramSection.more} ` : ''}${same} more ${same === 1 ? 'is' : 'are'} the same.`;
  return {
    title,
    workspaceAlias: a.workspace === b.workspace ? a.workspace : `${a.workspace} / ${b.workspace}`,
    a: { name: a.job.name, status: a.job.status, source: a.source.label },
    b: { name: b.job.name, status: b.job.status, source: b.source.label },
    notes,
    sections: [
      cut('Metrics (final values)', metricRows(a.metrics, b.metrics), BUDGET.metrics, 'metrics', 'Neither run logged metrics.'),
      paramSection,
      cut('Run', facts, BUDGET.facts, 'facts'),
      cut('Inputs', named(a.job.inputs, b.job.inputs), BUDGET.inputs, 'inputs', 'No inputs.'),
      cut('Outputs', named(a.job.outputs, b.job.outputs), BUDGET.outputs, 'outputs', 'No outputs.'),
    ],
  };
}
