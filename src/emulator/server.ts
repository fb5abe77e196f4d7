/**
 * The HTTP front door: route, count, delay, maybe inject a fault, check the bearer header, then hand over to the
 * route. The order matters: faults apply before auth so a test can script 429s for any caller, and counting comes
 * first so faulted calls still show up in the stats.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { EmulatorState } from './emulator-state';
import { FaultDecision } from './faults';
import { HttpError, sendArmError } from './http-util';
import { Router, RouteContext } from './router';
import { refuseIfUnauthorized } from './rbac';

function applyFault(state: EmulatorState, res: ServerResponse, fault: FaultDecision): boolean {
  if (fault.kind === 'none') return false;
  if (fault.kind === 'timeout') {
    state.stats.fault('timeout');
    // Hold the socket, then drop it without a response, like a connection that died mid-call.
    setTimeout(() => res.socket?.destroy(), fault.ms).unref();
    return true;
  }
  state.stats.fault(String(fault.status));
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
  if (fault.status === 429) headers['x-ms-ratelimit-remaining-subscription-reads'] = '0';
  sendArmError(res, fault.status, fault.code, `Injected fault: ${fault.code} (emulator).`, headers);
  return true;
}

function hasBearer(req: IncomingMessage): boolean {
  return /^Bearer\s+\S+/i.test(req.headers.authorization ?? '');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEmulatorServer(state: EmulatorState, router: Router): Server {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const method = req.method ?? 'GET';
    const match = router.match(method, url.pathname);
    if (!match) {
      state.stats.count('notFound');
      return sendArmError(res, 404, 'NotFound', `No emulated resource at ${url.pathname}.`);
    }
    if (!match.methodAllowed) return sendArmError(res, 405, 'MethodNotAllowed', `${method} is not supported here.`);
    const { route, params } = match;
    const ctx: RouteContext = { req, res, params, query: url.searchParams, url };
    if (route.target !== 'control') {
      const op = typeof route.op === 'function' ? route.op(ctx) : (route.op ?? 'notFound');
      state.stats.count(op);
      const latency = state.faults.latencyFor(route.target);
      if (latency > 0) await sleep(latency);
      if (applyFault(state, res, state.faults.decide(route.target, op))) return;
      if ((route.target === 'arm' || route.auth) && !hasBearer(req)) {
        return sendArmError(res, 401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
          'WWW-Authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
        });
      }
      if (refuseIfUnauthorized(state.rbac, route, ctx, req, res)) return;
    }
    await route.handle(ctx);
  };

  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) return sendArmError(res, err.status, err.code, err.message);
      state.log(`emulator: unhandled error on ${req.method} ${req.url}: ${String(err)}`);
      sendArmError(res, 500, 'InternalServerError', 'The emulator failed to process the request.');
    });
  });
}
