import type { Logger } from 'pino';

/**
 * What JobOps reports to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is set (issue 13): reply latency
 * per command, Azure calls and 429s per operation, outbox depth and age of its oldest entry, notices sent and parked,
 * approvals pending; plus the Azure SDKs' own spans and HTTP spans from the distro's instrumentations. Unset, the
 * no-op below is all there is: @azure/monitor-opentelemetry and the OpenTelemetry SDK are never loaded.
 */
export interface Telemetry {
  /** A reply to a command or a card press, from the activity to the answer. */
  reply(command: string, ms: number, ok: boolean): void;
  /** One ARM request and the status it got (0 = no answer). */
  azureCall(operation: string, status: number): void;
  notice(outcome: 'sent' | 'parked'): void;
  /** What the sender saw on its last pass over the backlog. */
  outbox(depth: number, oldestAgeMs: number): void;
  /** Read when metrics are exported (once a minute): the number of pending approval requests. */
  approvalsPending(read: () => Promise<number>): void;
  shutdown(): Promise<void>;
}

export const NO_TELEMETRY: Telemetry = {
  reply: () => undefined,
  azureCall: () => undefined,
  notice: () => undefined,
  outbox: () => undefined,
  approvalsPending: () => undefined,
  shutdown: async () => undefined,
};

/**
 * Starts Azure Monitor when a connection string is configured; otherwise returns NO_TELEMETRY without loading
 * anything. Call it before the app's clients are created, so the SDK and HTTP instrumentations see them.
 */
export async function startTelemetry(connectionString: string | undefined, logger: Pick<Logger, 'info' | 'warn'>): Promise<Telemetry> {
  if (!connectionString) return NO_TELEMETRY;
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    // The Azure SDKs' own tracing (ARM, Tables, Blob) and HTTP in and out; no database or logger instrumentations.
    instrumentationOptions: { azureSdk: { enabled: true }, http: { enabled: true }, mongoDb: { enabled: false }, mySql: { enabled: false }, postgreSql: { enabled: false }, redis: { enabled: false }, redis4: { enabled: false } },
    enableLiveMetrics: false,
  });
  const { metrics } = await import('@opentelemetry/api');
  const meter = metrics.getMeter('jobops');
  const replies = meter.createHistogram('jobops.reply.duration', { unit: 'ms', description: 'Reply time per command or card action' });
  const calls = meter.createCounter('jobops.azure.calls', { description: 'ARM requests per operation and status class' });
  const throttled = meter.createCounter('jobops.azure.throttled', { description: 'ARM 429 answers per operation' });
  const notices = meter.createCounter('jobops.notices', { description: 'Notices sent or parked by the outbox sender' });
  let depth = 0;
  let oldestS = 0;
  meter.createObservableGauge('jobops.outbox.depth', { description: 'Outbox entries not yet sent or parked (last sender pass)' }).addCallback((r) => r.observe(depth));
  meter.createObservableGauge('jobops.outbox.oldest_age', { unit: 's', description: 'Age of the oldest unsent outbox entry (last sender pass)' }).addCallback((r) => r.observe(oldestS));
  const pending = meter.createObservableGauge('jobops.approvals.pending', { description: 'Approval requests waiting for a decision' });
  logger.info('telemetry: sending traces and metrics to Azure Monitor (APPLICATIONINSIGHTS_CONNECTION_STRING)');
  return {
    reply: (command, ms, ok) => replies.record(ms, { command, outcome: ok ? 'ok' : 'error' }),
    azureCall: (operation, status) => {
      calls.add(1, { operation, status: status === 0 ? 'none' : `${Math.floor(status / 100)}xx` });
      if (status === 429) throttled.add(1, { operation });
    },
    notice: (outcome) => notices.add(1, { outcome }),
    outbox: (d, oldestAgeMs) => {
      depth = d;
      oldestS = Math.round(oldestAgeMs / 1000);
    },
    approvalsPending: (read) => {
      pending.addCallback(async (r) => {
        try {
          r.observe(await read());
        } catch (err) {
          logger.warn({ err: { message: (err as Error).message } }, 'telemetry: could not count pending approvals');
        }
      });
    },
    // Flushes what is buffered; never holds a stopping bot up for long when the endpoint does not answer.
    // A failed last export is logged, never thrown: stopping the bot must not fail because of telemetry.
    shutdown: () => Promise.race([
      shutdownAzureMonitor().catch((err: unknown) => logger.warn({ err: { message: (err as Error).message } }, 'telemetry: the last export failed')),
      new Promise<void>((r) => setTimeout(r, 5_000).unref()),
    ]),
  };
}

/** `GET jobs/{}`, `POST jobs/{}/cancel`: an ARM request's operation without names, for per-operation counts. */
export function armOperation(method: string, url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return `${method} ?`;
  }
  // After the provider namespace: workspaces/{}/jobs/{}/cancel, locations/{}/usages; names become {}.
  const parts = path.split('/').filter(Boolean);
  const ns = parts.lastIndexOf('providers');
  const rest = ns >= 0 ? parts.slice(ns + 2) : parts.slice(-2);
  const named = rest.map((seg, i) => (i % 2 === 1 ? '{}' : seg));
  // Every workspace operation starts with workspaces/{}; say only what follows.
  if (named[0]?.toLowerCase() === 'workspaces' && named.length > 2) named.splice(0, 2);
  return `${method} ${named.join('/')}`;
}
