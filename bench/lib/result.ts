/** One row of the summary table and of results/latest.json: what was measured against what target. */
export interface Row {
  bench: string;
  metric: string;
  target: string;
  measured: number | string;
  unit: string;
  /** undefined = informational row without a target. */
  pass?: boolean;
  note?: string;
}

export interface BenchResult {
  rows: Row[];
  /** Raw figures (per run, per cell) for whoever wants to recompute. */
  detail: unknown;
}

export function row(bench: string, metric: string, measured: number | string, unit: string, target?: { text: string; ok: boolean }, note?: string): Row {
  return { bench, metric, measured, unit, target: target?.text ?? '—', pass: target?.ok, note };
}
