import path from 'node:path';
import { Config, loadConfig } from '../../src/config';
import { RunningJobOps, StartOverrides, startJobOps } from '../../src/compose';
import { RunningEmulator, startEmulator } from '../../src/emulator';
import { createLogger } from '../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { Store } from '../../src/storage/store';
import { TableStore } from '../../src/storage/table-store';
import { ConnectorStandIn } from './connector-stand-in';
import type { Activity, Card } from './card-reading';

export { approvalIdOf, buttonData, cardActions, cardText, firstCard, said } from './card-reading';
export type { Activity, Card } from './card-reading';

export const ROOT = path.resolve(__dirname, '../..');

export const USERS = {
  alice: { id: '29:alice', name: 'Alice Operator', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
  marco: { id: '29:marco', name: 'Marco Manager', aadObjectId: '00000000-0000-0000-0000-0000000000b2' },
  eve: { id: '29:eve', name: 'Eve Outsider', aadObjectId: '00000000-0000-0000-0000-0000000000e5' },
};
export type TestUser = (typeof USERS)[keyof typeof USERS];

export interface SendOptions {
  user?: TestUser;
  conversationId?: string;
  tenantId?: string;
  conversationType?: 'personal' | 'groupChat' | 'channel';
  /** Default true: replies come back in the HTTP response (teams-facts.md). */
  expectReplies?: boolean;
  extra?: Record<string, unknown>;
}

export interface TestBot {
  bot: RunningJobOps;
  emulator: RunningEmulator;
  connector: ConnectorStandIn;
  config: Config;
  /** POSTs a message activity; returns the HTTP status and the replies (expectReplies). */
  send(text: string, o?: SendOptions): Promise<{ status: number; activities: Activity[] }>;
  /** POSTs an adaptiveCard/action invoke; returns the HTTP status and the invoke response body. */
  invoke(verb: string, data: unknown, o?: SendOptions & { trigger?: 'manual' | 'automatic' }): Promise<{ status: number; body: InvokeBody }>;
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

export interface InvokeBody {
  statusCode?: number;
  type?: string;
  value?: Card | string;
}

export interface TestBotOptions {
  env?: Record<string, string>;
  overrides?: Partial<StartOverrides>;
  emulatorOptions?: Parameters<typeof startEmulator>[0];
  /** Wraps the Azurite-backed store the bot uses (e.g. to count writes: test/helpers/counting-store.ts). */
  wrapStore?: (store: Store) => Store;
}

/**
 * The real app over HTTP: emulator (manual clock), Azurite (in memory) and a connector stand-in,
 * all on loopback. Tests talk to it exactly as Teams does.
 */
export async function startTestBot(opts: TestBotOptions = {}): Promise<TestBot> {
  const emulator = await startEmulator({ clock: 'manual', seed: 42, ...opts.emulatorOptions });
  const azurite: RunningAzurite = await startAzurite();
  const connector = await new ConnectorStandIn().start();
  const config = loadConfig(
    {
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: emulator.url,
      STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json'), ...opts.env,
    },
    ROOT,
  );
  const store = opts.wrapStore ? opts.wrapStore(new TableStore(azurite.connectionString)) : undefined;
  const bot = await startJobOps(config, { logger: createLogger('silent'), emulator, startWatcher: false, ...(store ? { store } : {}), ...opts.overrides });
  let n = 0;
  const envelope = (o: SendOptions = {}): Record<string, unknown> => {
    const user = o.user ?? USERS.alice;
    const tenant = o.tenantId ?? 'tenant-1';
    return {
      channelId: 'msteams',
      serviceUrl: connector.url,
      from: user,
      recipient: { id: '28:jobops', name: 'JobOps' },
      conversation: { id: o.conversationId ?? 'a:conv-1', conversationType: o.conversationType ?? 'personal', tenantId: tenant },
      channelData: { tenant: { id: tenant } },
      locale: 'en-US',
      ...o.extra,
    };
  };
  const post = async (body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  return {
    bot, emulator, connector, config, post,
    async send(text, o = {}) {
      const body = { type: 'message', id: `msg-${++n}`, text, ...envelope(o), ...(o.expectReplies === false ? {} : { deliveryMode: 'expectReplies' }) };
      const r = await post(body);
      const parsed = r.text ? (JSON.parse(r.text) as { activities?: Activity[] }) : {};
      return { status: r.status, activities: parsed.activities ?? [] };
    },
    async invoke(verb, data, o = {}) {
      const body = {
        type: 'invoke', name: 'adaptiveCard/action', id: `inv-${++n}`, replyToId: 'card-1', ...envelope(o),
        value: { action: { type: 'Action.Execute', verb, data }, trigger: o.trigger ?? 'manual' },
      };
      const r = await post(body);
      return { status: r.status, body: r.text ? (JSON.parse(r.text) as InvokeBody) : {} };
    },
    async stop() {
      await bot.stop();
      await connector.stop();
      await azurite.stop();
      await emulator.stop();
    },
  };
}


/**
 * One bot for the whole test file: started before the first test, stopped after the last. Returns a
 * stand-in that forwards to the running bot, so files read `const t = useTestBot()` instead of
 * repeating the same beforeAll/afterAll.
 */
export function useTestBot(opts: TestBotOptions = {}): TestBot {
  let started: TestBot | undefined;
  beforeAll(async () => {
    started = await startTestBot(opts);
  });
  afterAll(async () => {
    await started?.stop();
  });
  return new Proxy({} as TestBot, {
    get(_target, prop) {
      if (!started) throw new Error('the test bot is not started yet: use it inside tests or hooks');
      return Reflect.get(started, prop, started);
    },
  });
}
