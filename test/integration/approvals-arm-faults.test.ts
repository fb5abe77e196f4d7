import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { VERBS } from '../../src/cards/verbs';
import { loadConfig } from '../../src/config';
import { RunningJobOps, startJobOps } from '../../src/compose';
import { FaultStep, RunningEmulator, startEmulator } from '../../src/emulator';
import { createLogger } from '../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { ConnectorStandIn } from '../helpers/connector-stand-in';
import { ROOT, USERS, cardText, firstCard } from '../helpers/test-bot';
import { Client, clientFor, requestId } from '../helpers/approval-harness';

/**
 * T14: ARM trouble on the cancel POST itself. The emulator's fault queue answers the next ARM call,
 * whatever it is, so a pass-through proxy queues one fault each time a cancel POST goes by: the
 * GETs around it stay clean and every fault lands on a cancel attempt.
 */
interface Seen {
  method: string;
  path: string;
  at: number;
  status?: number;
}

class ArmProxy {
  readonly seen: Seen[] = [];
  /** One per cancel POST, queued in the emulator just before that POST is forwarded. */
  cancelFaults: FaultStep[] = [];
  /** Called with each fault as it is queued (the test hands it to the emulator). */
  queue: (f: FaultStep) => void = () => undefined;
  /** When set, the cancel is forwarded (so Azure executes it) but the answer is dropped. */
  loseCancelAnswers = 0;
  private server?: http.Server;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const entry: Seen = { method: req.method ?? '', path: (req.url ?? '').split('?')[0] ?? '', at: Date.now() };
      this.seen.push(entry);
      const isCancel = entry.method === 'POST' && entry.path.endsWith('/cancel');
      const fault = isCancel ? this.cancelFaults.shift() : undefined;
      if (fault) this.queue(fault);
      const lose = isCancel && this.loseCancelAnswers > 0;
      if (lose) this.loseCancelAnswers--;
      const up = http.request(`${this.target}${req.url ?? '/'}`, { method: req.method, headers: { ...req.headers, host: new URL(this.target).host } }, (upRes) => {
        entry.status = upRes.statusCode;
        if (lose) {
          upRes.resume();
          res.socket?.destroy();
          return;
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      // The emulator's timeout fault drops the connection: drop ours the same way.
      up.on('error', () => res.socket?.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Cancel POSTs that reached the job (the emulator answered 2xx); faulted or dropped ones did not. */
  executedCancels(): number {
    return this.cancels().filter((s) => s.status !== undefined && s.status < 300).length;
  }

  cancels(): Seen[] {
    return this.seen.filter((s) => s.method === 'POST' && s.path.endsWith('/cancel'));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

let emulator: RunningEmulator;
let azurite: RunningAzurite;
let connector: ConnectorStandIn;
let proxy: ArmProxy;
let bot: RunningJobOps;
let c: Client;

beforeAll(async () => {
  [emulator, azurite, connector] = await Promise.all([startEmulator({ clock: 'manual', seed: 42 }), startAzurite(), new ConnectorStandIn().start()]);
  proxy = await new ArmProxy(emulator.url).start();
  proxy.queue = (f) => emulator.faults.queue(f);
  const config = loadConfig(
    {
      PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: proxy.url, STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json'),
      // These cases pin the retry semantics and read the final card from the invoke answer; answering
      // "still trying" at the default deadline and the outcome that follows are in reply-deadline.test.ts.
      REPLY_DEADLINE_MS: '10000',
    },
    ROOT,
  );
  bot = await startJobOps(config, { logger: createLogger('silent'), emulator: { url: proxy.url, clock: emulator.clock, stop: async () => undefined }, startWatcher: false });
  c = clientFor(bot.url, connector.url);
});
afterAll(async () => {
  await bot?.stop();
  await proxy?.stop();
  await connector?.stop();
  await azurite?.stop();
  await emulator?.stop();
});
beforeEach(() => {
  emulator.faults.clear();
  emulator.stats.reset();
  proxy.seen.length = 0;
  proxy.cancelFaults = [];
});

const GROUP = { conversationType: 'groupChat' as const };

async function approveWithFaults(job: string, conv: string, faults: FaultStep[]): Promise<string> {
  emulator.addJob({ name: job, workspace: 'mlw-prod', status: 'Running' });
  const id = requestId(firstCard((await c.send(`cancel ${job} in prod`, { ...GROUP, conversationId: conv })).activities));
  emulator.stats.reset();
  proxy.seen.length = 0;
  proxy.cancelFaults = [...faults];
  const r = await c.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, conversationId: conv, user: USERS.marco });
  return cardText(r.body.value);
}

async function jobStatus(job: string): Promise<string> {
  return (await bot.deps.azureml.getJob(bot.deps.config.workspaces.prod!, job)).status;
}

describe('T14: ARM 429 / 5xx / timeout on the approved cancel', () => {
  it('T14: 429 with Retry-After, then 503, then a timeout → bounded retries, one executed cancel, confirmed by a GET, audited', async () => {
    const text = await approveWithFaults('t14-run-1', 'g:t14-1', [{ status: 429, retryAfter: 1 }, { status: 503 }, { timeoutMs: 200 }]);
    expect(text).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager/);
    const posts = proxy.cancels();
    expect(posts).toHaveLength(4);
    // Retry-After: 1 was honoured before the second attempt.
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(proxy.executedCancels()).toBe(1);
    expect(emulator.stats.snapshot().faults).toEqual({ 429: 1, 503: 1, timeout: 1 });
    // The end state was read back after the last cancel POST.
    const last = posts[posts.length - 1]!;
    expect(proxy.seen.some((s) => s.method === 'GET' && s.at >= last.at && /\/jobs\/t14-run-1$/.test(s.path))).toBe(true);
    expect(await jobStatus('t14-run-1')).toMatch(/CancelRequested|Canceled/);
    const trail = (await bot.deps.audit.forJob('prod', 't14-run-1')).entries;
    expect(trail.find((e) => e.action === 'azure.cancel')?.outcome).toMatch(/status (CancelRequested|Canceled)/);
  }, 20_000);

  it('T14: persistent 5xx → gives up after bounded retries with a clear message; nothing cancelled, audited', async () => {
    const text = await approveWithFaults('t14-run-2', 'g:t14-2', [{ status: 503, retryAfter: 0 }, { status: 500, retryAfter: 0 }, { status: 503, retryAfter: 0 }, { status: 503, retryAfter: 0 }, { status: 503 }]);
    expect(text).toMatch(/Approved by Marco Manager .* but nothing was done: Azure ML had a temporary problem \(HTTP 503\)/);
    expect(text).toMatch(/ref [0-9a-f]{8}/);
    // One call plus at most three retries, never a loop.
    expect(proxy.cancels()).toHaveLength(4);
    expect(proxy.cancelFaults).toHaveLength(1);
    expect(proxy.executedCancels()).toBe(0);
    expect(await jobStatus('t14-run-2')).toBe('Running');
    const trail = (await bot.deps.audit.forJob('prod', 't14-run-2')).entries;
    expect(trail.find((e) => e.action === 'azure.cancel')?.outcome).toBe('error');
    expect((await bot.deps.approvals.get(requestIdFromTrail(trail)))?.value.state).toBe('failed');
  }, 20_000);

  it('T14: the cancel reached Azure but its answer was lost → never a second cancel; the card tells the truth', async () => {
    emulator.addJob({ name: 't14-run-3', workspace: 'mlw-prod', status: 'Running' });
    const id = requestId(firstCard((await c.send('cancel t14-run-3 in prod', { ...GROUP, conversationId: 'g:t14-3' })).activities));
    emulator.stats.reset();
    proxy.loseCancelAnswers = 1;
    const r = await c.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, conversationId: 'g:t14-3', user: USERS.marco });
    proxy.loseCancelAnswers = 0;
    expect(await jobStatus('t14-run-3')).toMatch(/CancelRequested|Canceled/);
    expect(cardText(r.body.value)).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager/);
    expect(proxy.executedCancels()).toBe(1);
  }, 20_000);
});

function requestIdFromTrail(trail: { detail?: Record<string, unknown> }[]): string {
  return String(trail.find((e) => e.detail?.approvalId)?.detail?.approvalId);
}
