import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
  /** Arrival time (ms since epoch) and the status answered. */
  at?: number;
  status?: number;
  /** Decoded conversation id from the path, when the call is under /v3/conversations/{id}/. */
  conversationId?: string;
}

export interface Failure {
  status: number;
  headers?: Record<string, string>;
}

/** Teams-like enforcement: per conversation, answers 429 when a window would hold more accepted sends than allowed. */
export interface EnforceOptions {
  windows: { limit: number; windowMs: number }[];
  /** Probability of an extra random 429 per call (P4: 0.05). */
  randomThrottle?: number;
  random?: () => number;
  /** Retry-After seconds of a random 429. */
  randomRetryAfterSec?: number;
}

/**
 * A loopback stand-in for the Bot Connector: records every outbound call the bot makes
 * (replies, proactive sends, card updates) and can be told to fail the next N calls.
 */
export class ConnectorStandIn {
  readonly calls: RecordedCall[] = [];
  private server?: http.Server;
  private failures: Failure[] = [];
  private readonly perConversation = new Map<string, Failure[]>();
  private readonly accepted = new Map<string, number[]>();
  private enforce?: EnforceOptions;
  private seq = 0;
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        let body: Record<string, unknown> | undefined;
        try {
          body = data ? (JSON.parse(data) as Record<string, unknown>) : undefined;
        } catch {
          body = { raw: data };
        }
        const at = Date.now();
        const m = /^\/v3\/conversations\/([^/]+)/.exec(req.url ?? '');
        const conversationId = m ? decodeURIComponent(m[1]!) : undefined;
        const call: RecordedCall = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, at, conversationId };
        this.calls.push(call);
        const fail = this.failures.shift() ?? (conversationId ? this.perConversation.get(conversationId)?.shift() : undefined) ?? this.limitCheck(conversationId, at);
        call.status = fail?.status ?? 200;
        if (fail) {
          res.writeHead(fail.status, { 'content-type': 'application/json', ...fail.headers });
          res.end(JSON.stringify({ error: { code: 'Injected', message: 'injected failure' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        if (conversationId && this.enforce) this.accepted.set(conversationId, [...(this.accepted.get(conversationId) ?? []), at]);
        res.end(JSON.stringify({ id: `act-${++this.seq}` }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  /** Scripted failures for one conversation only (in order, before any enforcement). */
  failFor(conversationId: string, ...failures: Failure[]): void {
    this.perConversation.set(conversationId, [...(this.perConversation.get(conversationId) ?? []), ...failures]);
  }

  /** Turns on Teams-like per-conversation rate enforcement (and optional random 429s). */
  enforceLimits(o: EnforceOptions): void {
    this.enforce = o;
  }

  private limitCheck(conversationId: string | undefined, at: number): Failure | undefined {
    const e = this.enforce;
    if (!e || !conversationId) return undefined;
    if (e.randomThrottle && (e.random ?? Math.random)() < e.randomThrottle) {
      return { status: 429, headers: { 'retry-after': String(e.randomRetryAfterSec ?? 1) } };
    }
    const times = this.accepted.get(conversationId) ?? [];
    let waitMs = 0;
    for (const w of e.windows) {
      const inWindow = times.filter((t) => t > at - w.windowMs);
      if (inWindow.length >= w.limit) waitMs = Math.max(waitMs, inWindow[inWindow.length - w.limit]! + w.windowMs - at);
    }
    return waitMs > 0 ? { status: 429, headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) } } : undefined;
  }

  /** Largest number of accepted calls to one conversation inside any window of `windowMs` (arrival times). */
  maxInWindow(conversationId: string, windowMs: number): number {
    const t = this.calls.filter((c) => c.conversationId === conversationId && c.status === 200).map((c) => c.at ?? 0).sort((a, b) => a - b);
    let best = 0;
    for (let i = 0, j = 0; j < t.length; j++) {
      while (t[j]! - t[i]! >= windowMs) i++;
      best = Math.max(best, j - i + 1);
    }
    return best;
  }

  /** Card updates (PUT …/activities/{id}) with their adaptive card content. */
  updates(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  posts(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST');
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
