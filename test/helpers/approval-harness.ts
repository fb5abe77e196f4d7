import { waitFor } from './wait';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { RunningJobOps, StartOverrides, startJobOps } from '../../src/compose';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createLogger } from '../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { ConnectorStandIn, RecordedCall } from './connector-stand-in';
import { writeLocalConfig } from './local-config';
import { Activity, Card, InvokeBody, ROOT, SendOptions, TestUser, USERS, cardText } from './test-bot';

/** A second approver for prod, for the "two approvers at once" cases. */
export const NINA: TestUser = { id: '29:nina', name: 'Nina Approver', aadObjectId: '00000000-0000-0000-0000-0000000000c3' };
export const ALL_USERS = { ...USERS, nina: NINA };

/** The open request's id, read from the card's refresh block (the only handle the card carries). */
export function requestId(card: Card): string {
  const refresh = (card as { refresh?: { action: { data: { h: string } } } }).refresh;
  if (!refresh) throw new Error(`not an approval card: ${cardText(card)}`);
  return refresh.action.data.h;
}

/** A temporary JOBOPS_CONFIG: the local file with prod's settings changed (approvers, TTL, escalation). */
export function writeConfig(prod: Record<string, unknown>): string {
  return writeLocalConfig('jobops-appr-', (cfg) => {
    cfg.workspaces.prod = { ...cfg.workspaces.prod, ...prod };
  });
}

export const TWO_APPROVERS = { approvers: [USERS.marco.aadObjectId, NINA.aadObjectId] };

/** Cancels the emulator *executed*: calls answered by an injected fault never reached the job. */
export function cancelsReceived(em: RunningEmulator): number {
  return em.stats.snapshot().counts.jobCancel ?? 0;
}

export interface Client {
  send(text: string, o?: SendOptions): Promise<{ status: number; activities: Activity[] }>;
  invoke(verb: string, data: unknown, o?: SendOptions & { trigger?: 'manual' | 'automatic' }): Promise<{ status: number; body: InvokeBody }>;
  /** A message activity with a `value` and no text: what Action.Submit sends. */
  submit(value: Record<string, unknown>, o?: SendOptions & { replyToId?: string }): Promise<{ status: number; activities: Activity[] }>;
}

let seq = 0;

/** Talks to one bot instance over HTTP exactly as Teams would (the same envelope as test-bot.ts). */
export function clientFor(botUrl: string, connectorUrl: string): Client {
  const envelope = (o: SendOptions = {}): Record<string, unknown> => {
    const user = o.user ?? USERS.alice;
    return {
      channelId: 'msteams', serviceUrl: connectorUrl, from: user, recipient: { id: '28:jobops', name: 'JobOps' },
      conversation: { id: o.conversationId ?? 'a:conv-1', conversationType: o.conversationType ?? 'personal', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } }, locale: 'en-US', ...o.extra,
    };
  };
  const post = async (body: unknown): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  const message = async (body: Record<string, unknown>, o: SendOptions): Promise<{ status: number; activities: Activity[] }> => {
    const r = await post({ type: 'message', id: `hm-${++seq}`, ...envelope(o), ...body, ...(o.expectReplies === false ? {} : { deliveryMode: 'expectReplies' }) });
    const parsed = r.text ? (JSON.parse(r.text) as { activities?: Activity[] }) : {};
    return { status: r.status, activities: parsed.activities ?? [] };
  };
  return {
    send: (text, o = {}) => message({ text }, o),
    submit: (value, o = {}) => message({ value, ...(o.replyToId ? { replyToId: o.replyToId } : {}) }, o),
    async invoke(verb, data, o = {}) {
      const r = await post({
        type: 'invoke', name: 'adaptiveCard/action', id: `hi-${++seq}`, replyToId: 'card-1', ...envelope(o),
        value: { action: { type: 'Action.Execute', verb, data }, trigger: o.trigger ?? 'manual' },
      });
      return { status: r.status, body: r.text ? (JSON.parse(r.text) as InvokeBody) : {} };
    },
  };
}

export interface Pair {
  emulator: RunningEmulator;
  azurite: RunningAzurite;
  connector: ConnectorStandIn;
  a: RunningJobOps;
  b: RunningJobOps;
  ca: Client;
  cb: Client;
  /** Starts another instance on the same Azurite and emulator (a "restarted process"). */
  startInstance(overrides?: Partial<StartOverrides>): Promise<RunningJobOps>;
  stop(): Promise<void>;
}

/**
 * Two bot instances sharing one Azurite and one emulator: scale-out, or a restart when the test
 * stops one of them. Sweepers are not started; tests call sweep() when the clock says so.
 */
export async function startPair(opts: { configFile?: string } = {}): Promise<Pair> {
  const [emulator, azurite, connector] = await Promise.all([startEmulator({ clock: 'manual', seed: 42 }), startAzurite(), new ConnectorStandIn().start()]);
  const config = loadConfig(
    {
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: emulator.url,
      STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: opts.configFile ?? path.join(ROOT, 'env/jobops.local.json'),
    },
    ROOT,
  );
  const running: RunningJobOps[] = [];
  const startInstance = async (overrides: Partial<StartOverrides> = {}): Promise<RunningJobOps> => {
    const bot = await startJobOps(config, { logger: createLogger('silent'), emulator, startWatcher: false, ...overrides });
    running.push(bot);
    return bot;
  };
  const a = await startInstance();
  const b = await startInstance();
  return {
    emulator, azurite, connector, a, b, startInstance,
    ca: clientFor(a.url, connector.url),
    cb: clientFor(b.url, connector.url),
    async stop() {
      // stop() twice is harmless: the server close callbacks just run again.
      for (const bot of running) await bot.stop().catch(() => undefined);
      await connector.stop();
      await azurite.stop();
      await emulator.stop();
    },
  };
}

/** The adaptive card a recorded connector call carries (POST or PUT), or undefined. */
export function cardOf(call: RecordedCall): unknown {
  const atts = (call.body?.attachments ?? []) as { contentType: string; content: unknown }[];
  return atts.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Connector calls to one conversation, by method; the path carries the id URL-encoded. */
export function callsTo(connector: ConnectorStandIn, conversationId: string, method?: 'POST' | 'PUT'): RecordedCall[] {
  const prefix = `/v3/conversations/${encodeURIComponent(conversationId)}/activities`;
  return connector.calls.filter((c) => c.path.startsWith(prefix) && (!method || c.method === method));
}

/** Approval outcomes, reminders and updates of posted cards go through the outbox (R5.1): delivered shortly after the turn. */
export const delivered = <T>(find: Parameters<typeof waitFor<T>>[0], timeoutMs = 10_000): Promise<T> => waitFor(find, timeoutMs, 'the delivery');
