/** Model versions (for model promotion): stored in memory, no validation beyond the shape. */
import { modelVersionResource } from './arm-shapes';
import { requireWorkspace, WS_PATH } from './arm-lookup';
import { EmulatorState } from './emulator-state';
import { HttpError, isRecord, readJson, sendJson } from './http-util';
import { Route, RouteContext } from './router';

function key(workspace: string, name: string, version: string): string {
  return `${workspace}/${name}/${version}`;
}

export function modelRoutes(state: EmulatorState): Route[] {
  const put = async (ctx: RouteContext): Promise<void> => {
    const ws = requireWorkspace(ctx);
    const { model = '', version = '' } = ctx.params;
    const body = await readJson(ctx.req);
    if (!isRecord(body) || !isRecord(body.properties)) {
      throw new HttpError(400, 'UserError', 'A model version needs a "properties" object.');
    }
    const k = key(ws.name, model, version);
    const existed = state.models.has(k);
    const stored = {
      workspace: ws.name,
      name: model,
      version,
      properties: body.properties,
      createdAt: state.models.get(k)?.createdAt ?? state.clock.now(),
      createdBy: 'JobOps Bot',
    };
    state.models.set(k, stored);
    sendJson(ctx.res, existed ? 200 : 201, modelVersionResource(stored));
  };

  const get = (ctx: RouteContext): void => {
    const ws = requireWorkspace(ctx);
    const stored = state.models.get(key(ws.name, ctx.params.model ?? '', ctx.params.version ?? ''));
    if (!stored) throw new HttpError(404, 'UserError', `Model version ${ctx.params.model}:${ctx.params.version} not found.`);
    sendJson(ctx.res, 200, modelVersionResource(stored));
  };

  const list = (ctx: RouteContext): void => {
    const ws = requireWorkspace(ctx);
    const prefix = `${ws.name}/${ctx.params.model}/`;
    const value = [...state.models.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([, m]) => modelVersionResource(m));
    sendJson(ctx.res, 200, { value });
  };

  const base = `${WS_PATH}/models/:model/versions`;
  return [
    { method: 'GET', pattern: base, target: 'arm', op: 'modelVersionList', handle: list },
    { method: 'PUT', pattern: `${base}/:version`, target: 'arm', op: 'modelVersionPut', handle: put },
    { method: 'GET', pattern: `${base}/:version`, target: 'arm', op: 'modelVersionGet', handle: get },
  ];
}
