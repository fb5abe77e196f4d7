/** The MLflow tracking REST API Azure ML serves under the workspace's mlFlowTrackingUri: runs/get and metrics/get-history. */
import { findWorkspace } from './arm-lookup';
import { EmulatorState } from './emulator-state';
import { sendJson } from './http-util';
import { EmulatedJob, endedAt, startedAt, statusAt } from './job-model';
import { Route, RouteContext } from './router';
import { stableGuid } from './rng';
import { latestMetrics, metricHistory, runParams } from './run-metrics';

const BASE = '/mlflow/v1.0/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.MachineLearningServices/workspaces/:ws/api/2.0/mlflow';

const MLFLOW_STATUS: Record<string, string> = { Completed: 'FINISHED', Failed: 'FAILED', Canceled: 'KILLED', CancelRequested: 'RUNNING', Running: 'RUNNING', Finalizing: 'RUNNING' };

/** MLflow's own error shape (not ARM's envelope): `{error_code, message}`. */
function mlflowError(ctx: RouteContext, status: number, code: string, message: string): undefined {
  sendJson(ctx.res, status, { error_code: code, message });
  return undefined;
}

export function mlflowRoutes(state: EmulatorState): Route[] {
  const findRun = (ctx: RouteContext): EmulatedJob | undefined => {
    const { sub = '', rg = '', ws = '' } = ctx.params;
    const runId = ctx.query.get('run_id') ?? ctx.query.get('run_uuid') ?? '';
    if (!runId) return mlflowError(ctx, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'run_id'.");
    const workspace = findWorkspace(sub, rg, ws);
    const job = workspace && state.store.get(workspace.name, runId);
    // A job ARM knows but MLflow never tracked gets MLflow's own 404, not ARM's.
    return job && !job.untracked ? job : mlflowError(ctx, 404, 'RESOURCE_DOES_NOT_EXIST', `Run '${runId}' not found.`);
  };

  const get = (ctx: RouteContext): void => {
    const job = findRun(ctx);
    if (!job) return;
    const now = state.clock.now();
    const status = statusAt(job, now);
    const start = startedAt(job, now);
    const end = endedAt(job, now);
    sendJson(ctx.res, 200, {
      run: {
        info: {
          run_id: job.name, run_uuid: job.name, run_name: job.displayName, experiment_id: stableGuid(`experiment:${job.experimentName}`),
          user_id: job.createdBy, status: MLFLOW_STATUS[status] ?? 'SCHEDULED', start_time: start ?? job.createdAt, ...(end !== undefined ? { end_time: end } : {}),
          artifact_uri: `azureml://experiments/${job.experimentName}/runs/${job.name}/artifacts`, lifecycle_stage: 'active',
        },
        data: {
          metrics: latestMetrics(metricHistory(job, now)),
          params: Object.entries(runParams(job)).map(([key, value]) => ({ key, value })),
          tags: [{ key: 'mlflow.runName', value: job.displayName }, { key: 'mlflow.user', value: job.createdBy }, ...Object.entries(job.tags).map(([key, value]) => ({ key, value }))],
        },
      },
    });
  };

  const history = (ctx: RouteContext): void => {
    const job = findRun(ctx);
    if (!job) return;
    const key = ctx.query.get('metric_key') ?? '';
    if (!key) return void mlflowError(ctx, 400, 'INVALID_PARAMETER_VALUE', "Missing value for required parameter 'metric_key'.");
    const metrics = metricHistory(job, state.clock.now()).filter((m) => m.key === key);
    // MLflow answers an empty object, not an empty list, for a key the run never logged.
    sendJson(ctx.res, 200, metrics.length ? { metrics } : {});
  };

  return [
    { method: 'GET', pattern: `${BASE}/runs/get`, target: 'dataplane', op: 'mlflowRunGet', auth: true, handle: get },
    { method: 'GET', pattern: `${BASE}/metrics/get-history`, target: 'dataplane', op: 'mlflowMetricHistory', auth: true, handle: history },
  ];
}
