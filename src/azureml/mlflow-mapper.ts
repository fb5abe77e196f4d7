/** Pure mappers for the MLflow REST shapes Azure ML serves (runs/get, metrics/get-history) and its tracking URI. */
import { isLoopbackUrl } from '../config';
import { MetricValue, RunMetrics } from './mlflow-types';

/**
 * `azureml://{host}/mlflow/v1.0/subscriptions/…/workspaces/{ws}` → the REST base `https://{host}{path}/api/2.0/mlflow`,
 * the conversion the azureml-mlflow plugin makes. A loopback host (the emulator, a test stand-in) is plain http.
 */
export function mlflowRestBase(trackingUri: string): string {
  const m = /^azureml:\/\/([^/?#]+)(\/[^?#]*)/i.exec(trackingUri.trim());
  if (!m) throw new Error('the workspace has no usable mlFlowTrackingUri');
  const host = m[1]!;
  const path = m[2]!.replace(/\/+$/, '');
  const scheme = isLoopbackUrl(`http://${host}/`) ? 'http' : 'https';
  return `${scheme}://${host}${path}/api/2.0/mlflow`;
}

/** MLflow serializes NaN/±Infinity as strings on some servers ("NaN", "Infinity", "inf"); anything else is not a number. */
export function metricNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  if (s === 'nan') return NaN;
  if (s === 'infinity' || s === 'inf' || s === '+infinity' || s === '+inf') return Infinity;
  if (s === '-infinity' || s === '-inf') return -Infinity;
  const n = Number(s);
  return s !== '' && !Number.isNaN(n) ? n : undefined;
}

function metric(raw: unknown): MetricValue | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const value = metricNumber(o.value);
  if (typeof o.key !== 'string' || !o.key || value === undefined) return undefined;
  const ts = Number(o.timestamp);
  const step = Number(o.step);
  return { key: o.key, value, step: Number.isFinite(step) ? step : 0, at: Number.isFinite(ts) && ts > 0 ? new Date(ts) : undefined };
}

/** `{run:{info, data:{metrics, params, tags}}}` → RunMetrics. Malformed entries are dropped, not fatal. */
export function mapMlflowRun(body: Record<string, unknown>, runId: string): RunMetrics {
  const run = (body.run ?? {}) as { info?: { run_id?: unknown }; data?: { metrics?: unknown; params?: unknown } };
  const data = run.data ?? {};
  const metrics = (Array.isArray(data.metrics) ? data.metrics : []).map(metric).filter((m): m is MetricValue => m !== undefined);
  const params: Record<string, string> = {};
  for (const p of Array.isArray(data.params) ? data.params : []) {
    const o = (p ?? {}) as { key?: unknown; value?: unknown };
    if (typeof o.key === 'string' && o.key) params[o.key] = typeof o.value === 'string' ? o.value : String(o.value ?? '');
  }
  return { runId: typeof run.info?.run_id === 'string' ? run.info.run_id : runId, metrics, params };
}

/** `{metrics:[…]}`, or `{}` when the run logged none under that key. Sorted by step, then time. */
export function mapMetricHistory(body: Record<string, unknown>): MetricValue[] {
  const list = Array.isArray(body.metrics) ? body.metrics : [];
  return list
    .map(metric)
    .filter((m): m is MetricValue => m !== undefined)
    .sort((a, b) => a.step - b.step || (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
}
