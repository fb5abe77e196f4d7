/** ARM (management plane) routes: workspace, jobs list/get/cancel, the cancel operation status, model versions. */
import { sendArmError, sendEmpty, sendJson } from './http-util';
import { toJobResource } from './job-resource';
import { EmulatorState } from './emulator-state';
import { EmulatedJob, isTerminal, statusAt } from './job-model';
import { Route, RouteContext } from './router';
import { stableGuid } from './rng';
import { modelRoutes } from './model-routes';
import { requireJob, requireWorkspace, WS_PATH } from './arm-lookup';
import { EMULATOR_SUBSCRIPTION_ID } from './scenario-constants';
import { workspaceResource } from './arm-shapes';

const PAGE_TOKEN_PREFIX = 'jobops-emu:';

function encodeToken(offset: number): string {
  return Buffer.from(`${PAGE_TOKEN_PREFIX}${offset}`).toString('base64url');
}

/** `$skipToken` wins over `$skip`: the SDK re-sends the caller's original `$skip` next to our token. */
function pageOffset(query: URLSearchParams): number {
  const raw = query.get('$skipToken') ?? query.get('$skiptoken') ?? query.get('$skip');
  if (!raw) return 0;
  if (/^\d+$/.test(raw)) return Number(raw);
  const decoded = Buffer.from(raw, 'base64url').toString('utf8');
  if (!decoded.startsWith(PAGE_TOKEN_PREFIX)) return 0;
  const n = Number(decoded.slice(PAGE_TOKEN_PREFIX.length));
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}

function children(state: EmulatorState, job: EmulatedJob): EmulatedJob[] {
  return state.store.children(job.workspace, job.name);
}

export function armRoutes(state: EmulatorState): Route[] {
  const list = (ctx: RouteContext): void => {
    const ws = requireWorkspace(ctx);
    const q = ctx.query;
    const filters = { jobType: q.get('jobType') ?? undefined, tag: q.get('tag') ?? undefined, listViewType: q.get('listViewType') ?? undefined };
    const all = state.store.list(ws.name, filters);
    const offset = pageOffset(q);
    const now = state.clock.now();
    const page = all.slice(offset, offset + state.settings.pageSize);
    const body: Record<string, unknown> = { value: page.map((j) => toJobResource(j, children(state, j), now)) };
    if (offset + page.length < all.length) {
      const next = new URL(`${state.baseUrl}${ctx.url.pathname}`);
      next.searchParams.set('api-version', q.get('api-version') ?? '2022-10-01');
      for (const [k, v] of Object.entries(filters)) if (v !== undefined) next.searchParams.set(k, v);
      next.searchParams.set('$skipToken', encodeToken(offset + page.length));
      body.nextLink = next.toString();
    }
    sendJson(ctx.res, 200, body);
  };

  const get = (ctx: RouteContext): void => {
    const job = requireJob(state, ctx);
    sendJson(ctx.res, 200, toJobResource(job, children(state, job), state.clock.now()));
  };

  const cancel = (ctx: RouteContext): void => {
    const job = requireJob(state, ctx);
    state.store.cancel(job.workspace, job.name, state.clock.now(), state.settings.cancelDelayMs);
    if (state.settings.cancelMode === 'sync') return sendEmpty(ctx.res, 200);
    const id = stableGuid(`op:${job.workspace}:${job.name}:${state.operations.size}:${state.clock.now()}`);
    state.operations.set(id, { id, workspace: job.workspace, jobName: job.name, polls: 0 });
    sendEmpty(ctx.res, 202, {
      Location: operationUrl(state, id),
      'Retry-After': String(state.settings.lroRetryAfterSeconds),
    });
  };

  const poll = (ctx: RouteContext): void => {
    const op = state.operations.get(ctx.params.operationId ?? '');
    if (!op) return sendArmError(ctx.res, 404, 'ResourceNotFound', `Operation ${ctx.params.operationId} was not found.`);
    op.polls += 1;
    const job = state.store.get(op.workspace, op.jobName);
    const done = op.polls >= state.settings.lroPollsUntilDone || !job || isTerminal(statusAt(job, state.clock.now()));
    if (done) return sendEmpty(ctx.res, 200);
    sendEmpty(ctx.res, 202, { Location: operationUrl(state, op.id), 'Retry-After': String(state.settings.lroRetryAfterSeconds) });
  };

  return [
    { method: 'GET', pattern: WS_PATH, target: 'arm', op: 'workspaceGet', handle: (ctx) => sendJson(ctx.res, 200, workspaceResource(requireWorkspace(ctx), state.baseUrl)) },
    { method: 'GET', pattern: `${WS_PATH}/jobs`, target: 'arm', op: 'jobsList', handle: list },
    { method: 'GET', pattern: `${WS_PATH}/jobs/:job`, target: 'arm', op: 'jobGet', handle: get },
    { method: 'POST', pattern: `${WS_PATH}/jobs/:job/cancel`, target: 'arm', op: 'jobCancel', handle: cancel },
    {
      method: 'GET',
      pattern: '/subscriptions/:sub/providers/Microsoft.MachineLearningServices/locations/:location/mfeOperationResults/:operationId',
      target: 'arm',
      op: 'lroPoll',
      handle: poll,
    },
    ...modelRoutes(state),
  ];
}

function operationUrl(state: EmulatorState, id: string): string {
  return `${state.baseUrl}/subscriptions/${EMULATOR_SUBSCRIPTION_ID}/providers/Microsoft.MachineLearningServices/locations/local/mfeOperationResults/${id}?api-version=2022-10-01`;
}
