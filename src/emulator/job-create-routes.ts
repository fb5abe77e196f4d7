/**
 * `PUT …/jobs/{name}` (jobs.createOrUpdate): a new job from a JobBase body, as `az ml job create` and JobOps' rerun
 * send it. A PUT to a name that exists changes nothing and answers 200 with the job (Azure refuses most changes to a
 * submitted job; the point for callers is that a retried PUT never makes a second job).
 */
import { buildJob } from './job-builder';
import { EmulatorState } from './emulator-state';
import { HttpError, isRecord, readJson, sendJson } from './http-util';
import { isKnownJobType } from './job-store';
import { requireWorkspace, WS_PATH } from './arm-lookup';
import { toJobResource } from './job-resource';
import { Route, RouteContext } from './router';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$/;
/** Server-set fields a client must not send (or that Azure ignores): their presence shows a careless copy. */
const SERVER_SET = ['status', 'services'];

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

export function jobCreateRoutes(state: EmulatorState): Route[] {
  const put = async (ctx: RouteContext): Promise<void> => {
    const ws = requireWorkspace(ctx);
    const name = ctx.params.job ?? '';
    if (!NAME.test(name)) throw new HttpError(400, 'UserError', `The job name '${name}' is invalid. It must match ${NAME.source}.`);
    const body = await readJson(ctx.req);
    const props = isRecord(body) && isRecord(body.properties) ? body.properties : undefined;
    if (!props) throw new HttpError(400, 'BadRequest', 'The request body must be a JobBase resource with "properties".');
    const existing = state.store.get(ws.name, name);
    const now = state.clock.now();
    if (existing) return sendJson(ctx.res, 200, toJobResource(existing, state.store.children(ws.name, name), now));
    const jobType = str(props.jobType) ?? '';
    if (!isKnownJobType(jobType)) throw new HttpError(400, 'UserError', `Unsupported jobType '${jobType}'.`);
    for (const k of SERVER_SET) if (props[k] !== undefined && props[k] !== null) throw new HttpError(400, 'UserError', `'${k}' is set by the service and cannot be specified.`);
    const tags = isRecord(props.tags) ? Object.fromEntries(Object.entries(props.tags).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {};
    const compute = str(props.computeId)?.split('/').filter(Boolean).pop();
    const job = buildJob({
      name, workspace: ws.name, jobType, user: 'JobOps', createdByType: 'Application', experiment: str(props.experimentName) ?? 'Default',
      displayName: str(props.displayName), description: str(props.description) ?? null, tags, compute, command: str(props.command),
      created: 0, path: [['NotStarted', 0], ['Queued', 0.2], ['Running', 1], ['Finalizing', 7.5], ['Completed', 8]],
    }, now);
    state.store.add(job);
    state.log(`job ${ws.name}/${name} created (${jobType})`);
    sendJson(ctx.res, 201, toJobResource(job, [], now));
  };
  return [{ method: 'PUT', pattern: `${WS_PATH}/jobs/:job`, target: 'arm', op: 'jobCreate', handle: put }];
}
