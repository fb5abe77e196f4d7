import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VERBS } from '../../src/cards/verbs';
import { ConfigError, loadConfig } from '../../src/config';
import { ROOT, TestBot, cardActions, firstCard, startTestBot } from '../helpers/test-bot';

/** T2 / R1.1: refuse to start where anonymous mode would turn inbound authentication off. */

const LOCAL_CONFIG = path.join(ROOT, 'env/jobops.local.json');

function configWith(env: Record<string, string>): () => ReturnType<typeof loadConfig> {
  return () => loadConfig({ JOBOPS_CONFIG: LOCAL_CONFIG, ...env }, ROOT);
}

describe('R1.1 loadConfig (unit)', () => {
  it('T2: NODE_ENV=production with an empty BOT_ID → ConfigError naming BOT_ID', () => {
    expect(configWith({ NODE_ENV: 'production', BOT_ID: '' })).toThrow(ConfigError);
    expect(configWith({ NODE_ENV: 'production', BOT_ID: '' })).toThrow(/BOT_ID/);
  });

  it('T2: a whitespace-only BOT_ID counts as empty in production', () => {
    expect(configWith({ NODE_ENV: 'production', BOT_ID: '   ' })).toThrow(/BOT_ID/);
  });

  it.each(['0.0.0.0', '::', '10.0.0.5', '127.0.0.1.nip.io'])('R1.1: anonymous mode with HOST=%j → refused naming BOT_ID', (host) => {
    expect(configWith({ HOST: host })).toThrow(/BOT_ID/);
  });

  it('R1.1: BOT_ID without BOT_PASSWORD → ConfigError naming BOT_PASSWORD', () => {
    expect(configWith({ BOT_ID: 'app-id', BOT_PASSWORD: '' })).toThrow(/BOT_PASSWORD/);
  });

  it('R1.1: SingleTenant without BOT_TENANT_ID → ConfigError naming BOT_TENANT_ID', () => {
    expect(configWith({ BOT_ID: 'app-id', BOT_PASSWORD: 'pw', BOT_TYPE: 'SingleTenant' })).toThrow(/BOT_TENANT_ID/);
  });

  it('R1.1: anonymous mode defaults to loopback and is allowed there', () => {
    const c = configWith({})();
    expect(c.anonymous).toBe(true);
    expect(c.host).toBe('127.0.0.1');
    for (const host of ['localhost', '::1', '127.0.0.2']) expect(configWith({ HOST: host })().anonymous).toBe(true);
    // An empty HOST= (as env files carry) means unset, so it falls back to loopback, never to "all interfaces".
    expect(configWith({ HOST: '' })().host).toBe('127.0.0.1');
  });

  it('R1.1: with BOT_ID and BOT_PASSWORD the bot is authenticated (not anonymous)', () => {
    const c = configWith({ BOT_ID: 'app-id', BOT_PASSWORD: 'pw', AZUREML_EMULATOR: 'on' })();
    expect(c.anonymous).toBe(false);
  });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real entry point, as `npm start` runs it; a refusal must happen before anything listens. */
function runEntry(env: Record<string, string>): Promise<Exit> {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('BOT_')) delete base[k];
  // A name with no env/.env.<name> file, so a developer's local env file cannot mask the case.
  const childEnv = { ...base, JOBOPS_ENV: 'security-test-none', PORT: '0', LOG_LEVEL: 'silent', ...env };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env: childEnv, timeout: 25_000, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

describe('T2 / R1.1 the built process refuses to start', () => {
  // Three cold tsx starts take a few seconds each: run them side by side.
  let prod: Exit;
  let open: Exit;
  let noPassword: Exit;
  beforeAll(async () => {
    [prod, open, noPassword] = await Promise.all([
      runEntry({ NODE_ENV: 'production' }),
      runEntry({ NODE_ENV: 'development', HOST: '0.0.0.0' }),
      runEntry({ NODE_ENV: 'production', BOT_ID: 'app-id' }),
    ]);
  }, 40_000);

  const expectRefusal = (r: Exit, variable: RegExp): void => {
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull(); // null = killed by the timeout, i.e. it started listening
    expect(r.stderr).toMatch(variable);
    expect(r.stderr).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(r.stdout).not.toMatch(/listening/i);
  };

  it('T2: NODE_ENV=production with BOT_ID unset → non-zero exit naming BOT_ID', () => expectRefusal(prod, /BOT_ID/));
  it('T2 / R1.1: HOST=0.0.0.0 in anonymous mode → non-zero exit naming BOT_ID', () => expectRefusal(open, /BOT_ID/));
  it('T2 / R1.1: BOT_ID without BOT_PASSWORD → non-zero exit naming BOT_PASSWORD', () => expectRefusal(noPassword, /BOT_PASSWORD/));
});

describe('T6 / R1.4 tenant allow-list from the JobOps config', () => {
  let t: TestBot;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-tenant-'));
    const file = path.join(dir, 'jobops.json');
    const local = JSON.parse(fs.readFileSync(LOCAL_CONFIG, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...local, tenantId: 'tenant-1' }));
    t = await startTestBot({ env: { JOBOPS_CONFIG: file } });
  });
  afterAll(async () => {
    await t?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    t.emulator.stats.reset();
    t.connector.calls.length = 0;
  });

  const rejections = async (from: Date): Promise<{ tenant?: unknown; type?: unknown }[]> =>
    (await t.bot.deps.audit.since(from)).filter((e) => e.action === 'tenant.rejected').map((e) => e.detail ?? {});

  it('T6: the configured tenant is served (control)', async () => {
    const r = await t.send('list');
    expect(r.status).toBe(200);
    expect(cardActions(firstCard(r.activities)).length).toBeGreaterThan(0);
  });

  it('T6: a message from another tenant is ignored: no reply, no ARM call, an audit entry', async () => {
    const from = t.bot.deps.now();
    const inBody = await t.send('list', { tenantId: 'tenant-2' });
    const proactive = await t.send('list', { tenantId: 'tenant-2', expectReplies: false });
    expect(inBody.activities).toHaveLength(0);
    expect(proactive.status).toBeLessThan(300);
    expect(t.connector.calls).toHaveLength(0);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    expect(await rejections(from)).toEqual(expect.arrayContaining([expect.objectContaining({ tenant: 'tenant-2', type: 'message' })]));
  });

  it('T6: an invoke from another tenant gets 403 and an audit entry, with no ARM call', async () => {
    // A real handle from the allowed tenant, replayed from another tenant: the guard must run first.
    const row = cardActions(firstCard((await t.send('list')).activities)).find((a) => a.verb === VERBS.showJob)!;
    t.emulator.stats.reset();
    const from = t.bot.deps.now();
    const r = await t.invoke(VERBS.showJob, row.data, { tenantId: 'tenant-2' });
    expect(r.status).toBe(403);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    expect(await rejections(from)).toEqual(expect.arrayContaining([expect.objectContaining({ tenant: 'tenant-2', type: 'invoke' })]));
  });

  it('T6: an activity that names no tenant at all is ignored too', async () => {
    const from = t.bot.deps.now();
    const r = await t.send('list', { extra: { channelData: {}, conversation: { id: 'a:conv-1', conversationType: 'personal' } } });
    expect(r.activities).toHaveLength(0);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    expect(await rejections(from)).toEqual(expect.arrayContaining([expect.objectContaining({ tenant: 'none' })]));
  });
});
