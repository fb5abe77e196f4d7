import restify, { Request, Response, Server } from 'restify';
import type { Application } from '@microsoft/teams-ai/lib/Application';
import type { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter';
import type { TurnState } from '@microsoft/teams-ai/lib/TurnState';
import { Logger } from 'pino';
import { EVENTS_PATH, EventRouteOptions, registerEventRoutes } from './notifications/intake/event-route';

/** Activities are small; Teams' own limit is ~100 KB. Larger bodies get 413 before any parsing. */
const MAX_BODY_BYTES = 256 * 1024;

export interface ServerOptions {
  adapter: TeamsAdapter;
  app: Application<TurnState>;
  logger: Logger;
  isReady: () => boolean;
  /** Event Grid intake; without it /api/events is not routed (404). */
  events?: EventRouteOptions;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The envelope fields the SDK dereferences when it replies. Teams always sends them well-formed; in
 * anonymous mode every field is the caller's, and a missing conversation, a non-string id or locale,
 * or a missing serviceUrl made the SDK throw mid-turn and answer 500 with its internal message (and a
 * missing serviceUrl sent the reply to api.botframework.com, ~15 s of retries). Found by the T21 fuzz.
 */
function envelopeProblem(a: Record<string, unknown>): string | undefined {
  if (!isObject(a.conversation) || typeof a.conversation.id !== 'string' || a.conversation.id === '') return 'conversation.id must be a non-empty string';
  if (typeof a.serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(a.serviceUrl)) return 'serviceUrl must be an http(s) URL';
  for (const k of ['id', 'channelId', 'locale', 'replyToId'] as const) {
    if (a[k] !== undefined && typeof a[k] !== 'string') return `${k} must be a string`;
  }
  for (const k of ['from', 'recipient'] as const) {
    const v = a[k];
    if (v !== undefined && (!isObject(v) || typeof v.id !== 'string')) return `${k}.id must be a string`;
  }
  return undefined;
}

/** Routes only: parsing limits, the Bot Framework endpoint and the health check. */
export function createServer(opts: ServerOptions): Server {
  const server = restify.createServer({ name: 'jobops', handleUncaughtExceptions: false });
  // Event Grid batches are up to 1 MB and CloudEvents use their own content types: /api/events reads its body itself.
  for (const parse of restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, rejectUnknown: true })) {
    server.use((req, res, next) => (req.path() === EVENTS_PATH ? next() : parse(req, res, next)));
  }
  if (opts.events) registerEventRoutes(server, opts.events);

  server.post('/api/messages', async (req: Request, res: Response) => {
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      res.send(400, { error: 'expected a Bot Framework activity (a JSON object with a type)' });
      return;
    }
    const problem = envelopeProblem(body as Record<string, unknown>);
    if (problem) {
      res.send(400, { error: `malformed activity: ${problem}` });
      return;
    }
    try {
      await opts.adapter.process(req, res, async (context) => {
        await opts.app.run(context);
      });
    } catch (err) {
      // The adapter answers itself; this only catches failures writing the answer.
      opts.logger.error({ err: { message: (err as Error).message } }, 'failed to process activity');
      if (!res.headersSent) res.send(500, { error: 'internal error' });
    }
  });

  server.get('/healthz', async (_req: Request, res: Response) => {
    if (opts.isReady()) res.send(200, { status: 'ok' });
    else res.send(503, { status: 'starting' });
  });

  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, cb: () => void) => {
    opts.logger.info({ status: err.statusCode, path: req.path() }, 'request rejected');
    return cb();
  });
  return server;
}
