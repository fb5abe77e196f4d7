/**
 * The runner's side of the soak and fault runs: the emulator (real clock, in this process so its stats and faults
 * are at hand), Azurite (a child, optionally on a folder so it survives bot restarts), the recording connector
 * stand-in, an optional loopback OpenID server, and bot processes spawned from bot-child.ts and stopped by PID.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunningEmulator, startEmulator } from '../../../src/emulator';
import { JobStore } from '../../../src/emulator/job-store';
import { readEndpoint } from '../../../src/storage/azurite-endpoint';
import { RunningAzurite, freePort, startAzurite } from '../../../src/storage/azurite';
import { OpenIdServer } from '../../helpers/auth/openid-server';
import { mintChannelToken } from '../../helpers/auth/token-minter';
import { ConnectorStandIn } from '../../helpers/connector-stand-in';
import { ChildMessage, ChildSettings } from './bot-child';

export const ROOT = path.resolve(__dirname, '../../..');
export const APP_ID = '5a0c0000-1111-2222-3333-444455556666';
/** Distinctive so a leak is unmistakable in the captured log. */
export const APP_PASSWORD = 'Soak-Bot-Password~9f3e1c7a';
export const EG_SECRET = 'soak-eventgrid-secret-6d1f2b9c84e7a035';

export interface Mem {
  heapUsed: number;
  heapTotal: number;
  rss: number;
  /** V8 code spaces (compiled code), part of heapUsed. */
  codeUsed?: number;
  external: number;
}

export interface BotProc {
  url: string;
  pid: number;
  port: number;
  /** Every stdout line (pino JSON) and stderr line the process wrote. */
  log: string[];
  faults: { kind: string; message: string }[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  mem(): Promise<Mem>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export interface StackOptions {
  /** Azurite on disk (restartable on the same folder); default in memory. */
  persistent?: boolean;
  auth?: boolean;
  emulator?: Parameters<typeof startEmulator>[0];
}

export interface Stack {
  emulator: RunningEmulator;
  azurite: RunningAzurite;
  azuriteDir?: string;
  /** Azurite's own PID (from its endpoint file), for SIGSTOP/SIGCONT. */
  azuritePid(): number | undefined;
  /** Stops Azurite and starts it again on the same folder and port after `downMs` (persistent stacks only). */
  restartAzurite(downMs?: number): Promise<void>;
  connector: ConnectorStandIn;
  openId?: OpenIdServer;
  /** Cancels that reached the emulator's job store (i.e. past any injected fault), per job name. */
  cancels: Map<string, number>;
  token(): string | undefined;
  startBot(o?: Partial<ChildSettings>): Promise<BotProc>;
  stop(): Promise<void>;
}

let patched = false;
const cancelCounters: Map<string, number>[] = [];

/** Counts store-level cancels: the emulator's fault layer answers before the route, so these executed. */
function patchCancelCounting(counter: Map<string, number>): void {
  cancelCounters.push(counter);
  if (patched) return;
  patched = true;
  const original = JobStore.prototype.cancel;
  JobStore.prototype.cancel = function (this: JobStore, workspace: string, name: string, now: number, delay: number): boolean {
    for (const c of cancelCounters) c.set(name, (c.get(name) ?? 0) + 1);
    return original.call(this, workspace, name, now, delay);
  };
}

export async function startStack(o: StackOptions = {}): Promise<Stack> {
  const azuriteDir = o.persistent ? fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-soak-azurite-')) : undefined;
  const cancels = new Map<string, number>();
  patchCancelCounting(cancels);
  const emulator = await startEmulator({ clock: 'real', seed: 42, ...o.emulator });
  let azurite = await startAzurite({ location: azuriteDir });
  const connector = await new ConnectorStandIn().start();
  const openId = o.auth ? await new OpenIdServer().start() : undefined;
  const bots: BotProc[] = [];
  let token: { value: string; until: number } | undefined;

  const startBot = async (s: Partial<ChildSettings> = {}): Promise<BotProc> => {
    const settings: ChildSettings = {
      port: s.port ?? (await freePort()), armEndpoint: emulator.url, storage: azurite.connectionString, eventGridSecret: EG_SECRET,
      logLevel: 'info', ...(openId ? { auth: { appId: APP_ID, password: APP_PASSWORD, openIdMetadataUrl: openId.metadataUrl } } : {}), ...s,
    };
    const bot = await spawnBot(settings);
    bots.push(bot);
    return bot;
  };

  return {
    emulator, azuriteDir, connector, openId, cancels, startBot,
    get azurite() {
      return azurite;
    },
    azuritePid: () => (azuriteDir ? readEndpoint(azuriteDir)?.pid : undefined),
    async restartAzurite(downMs = 0) {
      if (!azuriteDir) throw new Error('restartAzurite needs a persistent stack');
      const port = azurite.port;
      await azurite.stop();
      await sleep(downMs);
      azurite = await startAzurite({ location: azuriteDir, port });
    },
    token() {
      if (!openId) return undefined;
      // One channel token reused until near expiry: minting per request would measure RSA signing, not the bot.
      if (!token || token.until < Date.now() + 60_000) {
        token = { value: mintChannelToken(openId.key, { aud: APP_ID, serviceurl: connector.url, expiresIn: 3600 }), until: Date.now() + 3_600_000 };
      }
      return token.value;
    },
    async stop() {
      for (const b of bots) await b.stop().catch(() => undefined);
      await connector.stop();
      await openId?.stop();
      await azurite.stop();
      await emulator.stop();
      const i = cancelCounters.indexOf(cancels);
      if (i >= 0) cancelCounters.splice(i, 1);
      if (azuriteDir) fs.rmSync(azuriteDir, { recursive: true, force: true });
    },
  } as Stack;
}

function spawnBot(settings: ChildSettings): Promise<BotProc> {
  // SIGUSR2 writes a heap snapshot to the temp folder (to explain a heap slope: `kill -USR2 <bot pid>` twice, diff).
  const child: ChildProcess = spawn(process.execPath, ['--expose-gc', '--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${os.tmpdir()}`, '--import', 'tsx', path.join(__dirname, 'bot-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, SOAK_CHILD: JSON.stringify(settings), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const log: string[] = [];
  const faults: { kind: string; message: string }[] = [];
  const lines = (buf: Buffer, carry: { s: string }): void => {
    carry.s += buf.toString();
    const parts = carry.s.split('\n');
    carry.s = parts.pop() ?? '';
    log.push(...parts.filter(Boolean));
  };
  const out = { s: '' };
  const err = { s: '' };
  child.stdout?.on('data', (b: Buffer) => lines(b, out));
  child.stderr?.on('data', (b: Buffer) => lines(b, err));
  const memWaiters: ((m: Mem) => void)[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise<BotProc>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot child did not start in 60 s: ${log.slice(-20).join('\n')}`)), 60_000);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`bot child exited (${code ?? signal}) before ready: ${log.slice(-20).join('\n')}`));
    });
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'fault') faults.push({ kind: m.kind, message: m.message });
      else if (m.type === 'mem') memWaiters.shift()?.(m);
      else if (m.type === 'ready') {
        clearTimeout(timer);
        const pid = child.pid!;
        resolve({
          url: m.url, pid, port: settings.port, log, faults, exited,
          mem: () =>
            new Promise<Mem>((res, rej) => {
              const t = setTimeout(() => rej(new Error('no memory sample within 10 s')), 10_000);
              memWaiters.push((x) => {
                clearTimeout(t);
                res(x);
              });
              child.send({ type: 'mem' });
            }),
          async kill9() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            process.kill(pid, 'SIGKILL');
            await exited;
          },
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.send({ type: 'stop' });
            await exited;
            clearTimeout(hard);
          },
        });
      }
    });
  });
}

/** Talks to one bot process as Teams does (expectReplies, optional channel token). */
export interface Client {
  message(text: string | undefined, o: Envelope & { value?: unknown }): Promise<{ status: number; activities: Reply[]; raw: string }>;
  invoke(verb: string, data: unknown, o: Envelope & { trigger?: 'manual' | 'automatic' }): Promise<{ status: number; body: InvokeReply; raw: string }>;
}

export interface Envelope {
  user: { id: string; name: string; aadObjectId: string };
  conversationId: string;
  conversationType: 'personal' | 'groupChat' | 'channel';
  channelId?: string;
}

export interface Reply {
  type: string;
  text?: string;
  attachments?: { contentType: string; content: unknown }[];
}
export interface InvokeReply {
  statusCode?: number;
  type?: string;
  value?: unknown;
}

let seq = 0;

export function clientFor(stack: Stack, botUrl: () => string, timeoutMs = 30_000): Client {
  const envelope = (o: Envelope): Record<string, unknown> => ({
    channelId: 'msteams', serviceUrl: stack.connector.url, from: o.user,
    recipient: { id: stack.openId ? `28:${APP_ID}` : '28:jobops', name: 'JobOps' },
    conversation: { id: o.conversationId, conversationType: o.conversationType, tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' }, ...(o.channelId ? { channel: { id: o.channelId } } : {}) }, locale: 'en-US',
  });
  const post = async (body: unknown): Promise<{ status: number; text: string }> => {
    const token = stack.token();
    const res = await fetch(`${botUrl()}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, text: await res.text() };
  };
  const parse = <T>(text: string): T => {
    try {
      return (text ? JSON.parse(text) : {}) as T;
    } catch {
      return {} as T;
    }
  };
  return {
    async message(text, o) {
      const r = await post({ type: 'message', id: `sm-${++seq}`, ...(text === undefined ? {} : { text }), ...(o.value ? { value: o.value } : {}), deliveryMode: 'expectReplies', ...envelope(o) });
      return { status: r.status, activities: parse<{ activities?: Reply[] }>(r.text).activities ?? [], raw: r.text };
    },
    async invoke(verb, data, o) {
      const r = await post({
        type: 'invoke', name: 'adaptiveCard/action', id: `si-${++seq}`, replyToId: 'card-1', ...envelope(o),
        value: { action: { type: 'Action.Execute', verb, data }, trigger: o.trigger ?? 'manual' },
      });
      return { status: r.status, body: parse<InvokeReply>(r.text), raw: r.text };
    },
  };
}

export async function postEventBatch(botUrl: string, events: unknown[], timeoutMs = 30_000): Promise<number> {
  const res = await fetch(`${botUrl}/api/events?key=${encodeURIComponent(EG_SECRET)}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(events), signal: AbortSignal.timeout(timeoutMs),
  });
  await res.text();
  return res.status;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls a condition with a deadline: every wait in these runs is bounded. */
export async function until(pred: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await pred()) return true;
    await sleep(stepMs);
  }
  return pred();
}
