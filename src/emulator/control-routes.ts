/**
 * `/_emulator/*`: test and benchmark controls. Never subject to latency, faults, auth or counting, so a test can
 * always steer the emulator, even while it is scripted to fail every Azure call.
 */
import { EmulatorState } from './emulator-state';
import { FaultConfig } from './faults';
import { HttpError, isRecord, readJson, sendJson } from './http-util';
import { Route, RouteContext } from './router';
import { AddJobInput } from './custom-job';
import { EventGridPushConfig } from './event-push';

export interface ControlActions {
  addJob(input: AddJobInput): unknown;
  reset(): void;
  eventGrid: {
    configure(config: EventGridPushConfig | undefined): void;
    push(): Promise<number>;
    schema(): string | undefined;
  };
}

export function controlRoutes(state: EmulatorState, actions: ControlActions): Route[] {
  const body = async (ctx: RouteContext): Promise<Record<string, unknown>> => {
    const parsed = await readJson(ctx.req);
    if (!isRecord(parsed)) throw new HttpError(400, 'BadRequest', 'Expected a JSON object.');
    return parsed;
  };
  const ok = (ctx: RouteContext, payload: unknown = { ok: true }) => sendJson(ctx.res, 200, payload);

  return [
    { method: 'GET', pattern: '/_emulator/stats', target: 'control', handle: (ctx) => ok(ctx, state.stats.snapshot()) },
    { method: 'POST', pattern: '/_emulator/stats/reset', target: 'control', handle: (ctx) => { state.stats.reset(); ok(ctx); } },
    { method: 'GET', pattern: '/_emulator/faults', target: 'control', handle: (ctx) => ok(ctx, state.faults.current()) },
    {
      method: 'POST',
      pattern: '/_emulator/faults',
      target: 'control',
      handle: async (ctx) => {
        state.faults.set((await body(ctx)) as FaultConfig);
        ok(ctx, state.faults.current());
      },
    },
    { method: 'DELETE', pattern: '/_emulator/faults', target: 'control', handle: (ctx) => { state.faults.clear(); ok(ctx); } },
    {
      method: 'POST',
      pattern: '/_emulator/clock/advance',
      target: 'control',
      handle: async (ctx) => {
        const ms = Number((await body(ctx)).ms);
        if (!Number.isFinite(ms) || ms < 0) throw new HttpError(400, 'BadRequest', '"ms" must be a non-negative number.');
        state.clock.advance(ms);
        ok(ctx, { now: new Date(state.clock.now()).toISOString() });
      },
    },
    { method: 'GET', pattern: '/_emulator/clock', target: 'control', handle: (ctx) => ok(ctx, { now: new Date(state.clock.now()).toISOString(), mode: state.clock.mode }) },
    {
      method: 'POST',
      pattern: '/_emulator/cancel-mode',
      target: 'control',
      handle: async (ctx) => {
        const mode = (await body(ctx)).mode;
        if (mode !== 'sync' && mode !== 'lro') throw new HttpError(400, 'BadRequest', '"mode" must be "sync" or "lro".');
        state.settings.cancelMode = mode;
        ok(ctx, { mode });
      },
    },
    {
      method: 'POST',
      pattern: '/_emulator/jobs',
      target: 'control',
      handle: async (ctx) => sendJson(ctx.res, 201, actions.addJob((await body(ctx)) as unknown as AddJobInput)),
    },
    { method: 'POST', pattern: '/_emulator/reset', target: 'control', handle: (ctx) => { actions.reset(); ok(ctx); } },
    {
      // {"url": "http://…/api/events?key=…", "schema": "eventgrid"|"cloudevents"} or {"url": null} to stop pushing.
      method: 'POST',
      pattern: '/_emulator/eventgrid',
      target: 'control',
      handle: async (ctx) => {
        const b = await body(ctx);
        const schema = b.schema ?? 'eventgrid';
        if (b.url !== null && (typeof b.url !== 'string' || !/^https?:\/\//.test(b.url))) throw new HttpError(400, 'BadRequest', '"url" must be an http(s) URL or null.');
        if (schema !== 'eventgrid' && schema !== 'cloudevents') throw new HttpError(400, 'BadRequest', '"schema" must be "eventgrid" or "cloudevents".');
        actions.eventGrid.configure(typeof b.url === 'string' ? { url: b.url, schema } : undefined);
        ok(ctx, { enabled: typeof b.url === 'string', schema: actions.eventGrid.schema() ?? null });
      },
    },
    { method: 'POST', pattern: '/_emulator/eventgrid/push', target: 'control', handle: async (ctx) => ok(ctx, { delivered: await actions.eventGrid.push() }) },
  ];
}
