/** Run-history data plane: discovery, run, run details (with SAS log URLs) and children. */
import { discoveryDocument } from './arm-shapes';
import { EmulatorState } from './emulator-state';
import { HttpError, sendJson } from './http-util';
import { EmulatedJob } from './job-model';
import { logFileNames } from './log-files';
import { Route, RouteContext } from './router';
import { findWorkspace } from './arm-lookup';
import { toRun, toRunDetails } from './run-shapes';
import { blobUrl } from './blob-routes';

const RUNS = '/history/v1.0/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.MachineLearningServices/workspaces/:ws/runs/:runId';

export function dataplaneRoutes(state: EmulatorState): Route[] {
  const requireRun = (ctx: RouteContext): EmulatedJob => {
    const { sub = '', rg = '', ws = '', runId = '' } = ctx.params;
    const workspace = findWorkspace(sub, rg, ws);
    const job = workspace && state.store.get(workspace.name, runId);
    if (!job) throw new HttpError(404, 'UserError', `Run ${runId} was not found.`);
    return job;
  };

  const rootOf = (job: EmulatedJob): EmulatedJob => {
    let current = job;
    while (current.parentName) {
      const parent = state.store.get(current.workspace, current.parentName);
      if (!parent) break;
      current = parent;
    }
    return current;
  };

  const run = (ctx: RouteContext): void => {
    const job = requireRun(ctx);
    sendJson(ctx.res, 200, toRun(job, rootOf(job), state.clock.now()));
  };

  const details = (ctx: RouteContext): void => {
    const job = requireRun(ctx);
    const now = state.clock.now();
    const logFiles = Object.fromEntries(logFileNames(job, now).map((p) => [p, blobUrl(state, job, p)]));
    sendJson(ctx.res, 200, toRunDetails(job, now, logFiles));
  };

  const children = (ctx: RouteContext): void => {
    const job = requireRun(ctx);
    const now = state.clock.now();
    const root = rootOf(job);
    const value = state.store.children(job.workspace, job.name).map((c) => toRun(c, root, now));
    sendJson(ctx.res, 200, { value });
  };

  return [
    { method: 'GET', pattern: '/discovery', target: 'dataplane', op: 'discovery', handle: (ctx) => sendJson(ctx.res, 200, discoveryDocument(state.baseUrl)) },
    { method: 'GET', pattern: RUNS, target: 'dataplane', op: 'runGet', auth: true, handle: run },
    { method: 'GET', pattern: `${RUNS}/details`, target: 'dataplane', op: 'runDetails', auth: true, handle: details },
    { method: 'GET', pattern: `${RUNS}/children`, target: 'dataplane', op: 'runChildren', auth: true, handle: children },
  ];
}
