/**
 * Which way is better for a metric, from its name: losses, errors, latencies and durations go down, scores go up.
 * MLflow records no direction, and a comparison that cannot say "better" or "worse" leaves the reader to guess.
 */
const LOWER_IS_BETTER = /loss|error|err$|latency|_ms$|_s$|time|duration|rmse|mae|mse|mape|perplexity|wer|cer|fpr|fnr|cost/i;

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.test(metric);
}

export type Verdict = 'better' | 'worse' | 'same' | 'not comparable';

/** How `candidate` compares with `base` for this metric. NaN and infinities are not comparable. */
export function verdict(metric: string, base: number, candidate: number): Verdict {
  if (!Number.isFinite(base) || !Number.isFinite(candidate)) return 'not comparable';
  if (candidate === base) return 'same';
  return (candidate > base) !== lowerIsBetter(metric) ? 'better' : 'worse';
}

/** 0.9412 → "0.9412"; NaN → "NaN"; Infinity → "∞": a diverged run says so instead of printing a number. */
export function formatMetric(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e7)) return v.toExponential(3);
  return String(Math.round(v * 10_000) / 10_000);
}

/** "+0.014 (+1.5%) ▲ better" — the delta, its relative size, an icon and a word (never colour alone). */
export function formatDelta(metric: string, base: number, candidate: number): { text: string; verdict: Verdict } {
  const v = verdict(metric, base, candidate);
  if (v === 'not comparable') return { text: 'not comparable', verdict: v };
  const d = candidate - base;
  if (v === 'same') return { text: '= same', verdict: v };
  const pct = base !== 0 ? ` (${d > 0 ? '+' : '−'}${Math.abs((d / Math.abs(base)) * 100).toFixed(1)}%)` : '';
  const icon = d > 0 ? '▲' : '▼';
  return { text: `${d > 0 ? '+' : '−'}${formatMetric(Math.abs(d))}${pct} ${icon} ${v}`, verdict: v };
}
