import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
}

/**
 * A loopback stand-in for the Bot Connector: records every outbound call the bot makes
 * (replies, proactive sends, card updates) and can be told to fail the next N calls.
 */
export class ConnectorStandIn {
  readonly calls: RecordedCall[] = [];
  private server?: http.Server;
  private failures: { status: number; headers?: Record<string, string> }[] = [];
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
        this.calls.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
        const fail = this.failures.shift();
        if (fail) {
          res.writeHead(fail.status, { 'content-type': 'application/json', ...fail.headers });
          res.end(JSON.stringify({ error: { code: 'Injected', message: 'injected failure' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `act-${++this.seq}` }));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  failNext(...failures: { status: number; headers?: Record<string, string> }[]): void {
    this.failures.push(...failures);
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
