import { IncomingMessage } from 'node:http';
import { Logger } from 'pino';
import { Request, Response, Server } from 'restify';
import { EventInbox } from './event-inbox';
import { DeliveryError, parseDelivery } from './event-schema';
import { matchesSecret } from './secret-check';
import { TopicMap } from './workspace-topics';

export const EVENTS_PATH = '/api/events';
/** Event Grid batches are up to 1 MB (azureml-facts.md); a little headroom for framing, then 413 (not retried). */
export const MAX_EVENT_BODY_BYTES = 1_100 * 1024;

export interface EventRouteOptions {
  /** Accepted secrets (current, previous, a generated local one); empty means intake is off (404). */
  secrets: () => readonly string[];
  topics: TopicMap;
  inbox: EventInbox;
  logger: Logger;
  /** Told after rows were stored, so processing can start without waiting for its timer. */
  onStored?: () => void;
  counters?: IntakeCounters;
}

/** Counters for what was acknowledged but not stored (R4.2), for logs and tests. */
export interface IntakeCounters {
  accepted: number;
  duplicates: number;
  ignored: Record<'topic' | 'eventType' | 'data', number>;
}

export function newIntakeCounters(): IntakeCounters {
  return { accepted: 0, duplicates: 0, ignored: { topic: 0, eventType: 0, data: 0 } };
}

class TooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        reject(new TooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const keyOf = (req: Request): string | undefined => new URL(req.url ?? '/', 'http://localhost').searchParams.get('key') ?? undefined;

/**
 * POST/OPTIONS /api/events: authenticate (R4.1), answer the handshakes only when authenticated (T20), allow-list
 * topic and type (R4.2), store in the inbox and answer 200 without any Azure or Teams call (R4.3).
 * The global body parser skips this path: the body is read here with its own, larger limit.
 */
export function registerEventRoutes(server: Server, o: EventRouteOptions): void {
  const counters = o.counters ?? newIntakeCounters();

  const authenticate = (req: Request, res: Response): boolean => {
    const secrets = o.secrets();
    if (secrets.length === 0) {
      res.send(404, { error: 'Event Grid intake is not configured' });
      return false;
    }
    if (!matchesSecret(keyOf(req), secrets)) {
      o.logger.warn({ path: EVENTS_PATH }, 'event delivery rejected: missing or wrong key');
      res.send(401, { error: 'unauthorized' });
      return false;
    }
    return true;
  };
  const tooLarge = (res: Response): void => {
    res.setHeader('connection', 'close');
    res.send(413, { error: `body larger than ${MAX_EVENT_BODY_BYTES} bytes` });
  };

  // CloudEvents abuse-protection handshake: echo the origin only to a caller that knows the secret.
  server.opts(EVENTS_PATH, async (req: Request, res: Response) => {
    if (!authenticate(req, res)) return;
    const origin = req.header('webhook-request-origin');
    if (!origin || origin.length > 512) {
      res.send(400, { error: 'WebHook-Request-Origin header required' });
      return;
    }
    res.setHeader('WebHook-Allowed-Origin', origin);
    res.setHeader('WebHook-Allowed-Rate', '*');
    res.send(200);
  });

  server.post(EVENTS_PATH, async (req: Request, res: Response) => {
    if (!authenticate(req, res)) return;
    if (Number(req.header('content-length') ?? 0) > MAX_EVENT_BODY_BYTES) return tooLarge(res);
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req, MAX_EVENT_BODY_BYTES)).toString('utf8'));
    } catch (err) {
      if (err instanceof TooLarge) return tooLarge(res);
      res.send(400, { error: 'malformed JSON' });
      return;
    }
    let delivery;
    try {
      delivery = parseDelivery(body, o.topics);
    } catch (err) {
      if (!(err instanceof DeliveryError)) throw err;
      res.send(400, { error: err.message });
      return;
    }
    if (delivery.kind === 'validation') {
      o.logger.info('Event Grid subscription validation answered');
      res.send(200, { validationResponse: delivery.code });
      return;
    }
    for (const i of delivery.ignored) counters.ignored[i.reason]++;
    if (delivery.ignored.length > 0) {
      const reasons = delivery.ignored.reduce<Record<string, number>>((m, i) => ({ ...m, [i.reason]: (m[i.reason] ?? 0) + 1 }), {});
      o.logger.info({ ignored: reasons }, 'events acknowledged but ignored (topic or type not allowed)');
    }
    try {
      const r = delivery.events.length > 0 ? await o.inbox.add(delivery.events) : { added: 0, duplicates: 0 };
      counters.accepted += r.added;
      counters.duplicates += r.duplicates;
      res.send(200, { accepted: r.added, duplicates: r.duplicates, ignored: delivery.ignored.length });
      if (r.added > 0) o.onStored?.();
    } catch (err) {
      // Not stored means not acknowledged: Event Grid retries a 5xx.
      o.logger.error({ err: { message: (err as Error).message } }, 'event inbox write failed');
      res.send(500, { error: 'could not store events' });
    }
  });
}
