import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, isLoopbackHost, isLoopbackUrl, loadConfig } from '../../src/config';
import { withEnvFile } from '../../src/shared/env-files';

/** Each test gets its own folder as cwd, so env/jobops.local.json and env/.env.* are ours alone. */
let cwd: string;

const WS = { subscriptionId: 'sub', resourceGroup: 'rg', workspace: 'ws-dev' };
const GOOD_FILE = {
  defaultWorkspace: 'dev',
  workspaces: {
    dev: WS,
    prod: { ...WS, workspace: 'ws-prod', production: true, approvers: ['00000000-0000-0000-0000-0000000000a1'] },
  },
};

function writeJson(rel: string, value: unknown): string {
  const file = path.join(cwd, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** A production-shaped environment that loads; tests remove or break one thing at a time. */
const KEY = 'k'.repeat(16) + '0123456789abcdef0123';
const REAL = { NODE_ENV: 'production', BOT_ID: 'app-id', BOT_PASSWORD: 'secret', STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', HANDLE_SIGNING_KEY: KEY };

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted the configuration');
}

beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-config-'));
  writeJson('env/jobops.local.json', GOOD_FILE);
});

afterEach(() => {
  fs.rmSync(cwd, { recursive: true, force: true });
});

describe('loadConfig defaults', () => {
  it('anonymous local mode: loopback host, port 3978, emulator and Azurite on', () => {
    const c = loadConfig({}, cwd);
    expect(c).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      production: false,
      anonymous: true,
      emulator: { enabled: true, port: 0 },
      armEndpoint: 'https://management.azure.com',
      storageConnectionString: undefined,
      azuriteLocation: path.join(cwd, '.data/azurite'),
      logLevel: 'info',
      summary: { refreshSeconds: 15, watchMinutes: 30 },
      defaultWorkspace: 'dev',
      bot: { id: '', password: '', type: 'MultiTenant', tenantId: '' },
    });
    expect(c.workspaces.dev).toMatchObject({ alias: 'dev', production: false, approvalTtlMinutes: 30, poll: false });
    expect(c.workspaces.prod).toMatchObject({ alias: 'prod', production: true });
  });

  it('with a bot id: all interfaces, emulator off', () => {
    const c = loadConfig(REAL, cwd);
    expect(c).toMatchObject({ host: '0.0.0.0', production: true, anonymous: false, emulator: { enabled: false } });
  });

  it('read-handle keys: from config (with the previous one) outside local mode; random per start only in local mode', () => {
    const real = loadConfig({ ...REAL, HANDLE_SIGNING_KEY_PREVIOUS: 'p'.repeat(40) }, cwd);
    expect(real.handleKeys).toEqual({ current: Buffer.from(KEY), previous: Buffer.from('p'.repeat(40)), random: false });
    const a = loadConfig({}, cwd).handleKeys;
    const b = loadConfig({}, cwd).handleKeys;
    expect(a.random).toBe(true);
    expect(a.current).toHaveLength(32);
    expect(a.current.equals(b.current)).toBe(false);
    expect(loadConfig({ HANDLE_SIGNING_KEY: KEY }, cwd).handleKeys).toMatchObject({ current: Buffer.from(KEY), random: false });
  });

  it('reads numbers and switches from strings', () => {
    const c = loadConfig({ PORT: '4000', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: 'http://127.0.0.1:9999', SUMMARY_REFRESH_SECONDS: '5', LOG_LEVEL: 'debug' }, cwd);
    expect(c).toMatchObject({ port: 4000, emulator: { enabled: false }, armEndpoint: 'http://127.0.0.1:9999', summary: { refreshSeconds: 5 }, logLevel: 'debug' });
  });
});

describe('env files', () => {
  it('variables already set win over env/.env.local', () => {
    fs.writeFileSync(path.join(cwd, 'env/.env.local'), 'PORT=4001\nLOG_LEVEL=debug\n');
    const env = withEnvFile({ LOG_LEVEL: 'warn' }, cwd);
    expect(env).toMatchObject({ PORT: '4001', LOG_LEVEL: 'warn' });
    expect(loadConfig(env, cwd)).toMatchObject({ port: 4001, logLevel: 'warn' });
  });

  it('JOBOPS_ENV picks the file, a missing file changes nothing, and odd names are refused', () => {
    fs.writeFileSync(path.join(cwd, 'env/.env.staging'), 'PORT=4002\n');
    expect(withEnvFile({ JOBOPS_ENV: 'staging' }, cwd).PORT).toBe('4002');
    expect(withEnvFile({ JOBOPS_ENV: 'nothere', PORT: '1' }, cwd)).toEqual({ JOBOPS_ENV: 'nothere', PORT: '1' });
    expect(() => withEnvFile({ JOBOPS_ENV: '../secrets' }, cwd)).toThrow(/JOBOPS_ENV/);
  });
});

describe('loadConfig refusals name the variable', () => {
  it.each<[string, NodeJS.ProcessEnv, RegExp]>([
    ['production without BOT_ID', { NODE_ENV: 'production' }, /BOT_ID is required when NODE_ENV=production/],
    ['anonymous on all interfaces', { HOST: '0.0.0.0' }, /BOT_ID is required to listen on HOST=0\.0\.0\.0/],
    ['anonymous on a LAN address', { HOST: '192.168.1.5' }, /BOT_ID .*HOST=192\.168\.1\.5/],
    ['BOT_ID without BOT_PASSWORD', { BOT_ID: 'app-id' }, /BOT_PASSWORD is required/],
    ['SingleTenant without BOT_TENANT_ID', { BOT_ID: 'app-id', BOT_PASSWORD: 'p', BOT_TYPE: 'SingleTenant' }, /BOT_TENANT_ID is required when BOT_TYPE=SingleTenant/],
    ['UserAssignedMsi without BOT_TENANT_ID', { BOT_ID: 'app-id', BOT_TYPE: 'UserAssignedMsi' }, /BOT_TENANT_ID/],
    ['an unknown BOT_TYPE', { BOT_TYPE: 'Anyone' }, /BOT_TYPE/],
    ['PORT not a number', { PORT: 'abc' }, /PORT/],
    ['PORT out of range', { PORT: '70000' }, /PORT/],
    ['PORT not whole', { PORT: '80.5' }, /PORT/],
    ['invalid LOG_LEVEL', { LOG_LEVEL: 'verbose' }, /LOG_LEVEL/],
    ['invalid AZUREML_EMULATOR', { AZUREML_EMULATOR: 'yes' }, /AZUREML_EMULATOR/],
    ['SUMMARY_REFRESH_SECONDS of 0', { SUMMARY_REFRESH_SECONDS: '0' }, /SUMMARY_REFRESH_SECONDS/],
    ['ARM_ENDPOINT not a URL', { ARM_ENDPOINT: 'management.azure.com' }, /ARM_ENDPOINT/],
    ['non-loopback http ARM_ENDPOINT', { ARM_ENDPOINT: 'http://management.example.com' }, /ARM_ENDPOINT must be https/],
    ['http ARM_ENDPOINT on a look-alike host', { ARM_ENDPOINT: 'http://127.0.0.1.evil.example' }, /ARM_ENDPOINT must be https/],
    ['missing STORAGE_CONNECTION_STRING outside local mode', { ...REAL, STORAGE_CONNECTION_STRING: undefined }, /STORAGE_CONNECTION_STRING is required outside local mode/],
    ['the emulator in production', { ...REAL, AZUREML_EMULATOR: 'on' }, /AZUREML_EMULATOR=on is not allowed with NODE_ENV=production/],
    ['no HANDLE_SIGNING_KEY outside local mode', { ...REAL, HANDLE_SIGNING_KEY: undefined }, /HANDLE_SIGNING_KEY is required outside local mode/],
    ['a short HANDLE_SIGNING_KEY', { ...REAL, HANDLE_SIGNING_KEY: 'short-key' }, /HANDLE_SIGNING_KEY: must be at least 32 characters/],
    ['a short HANDLE_SIGNING_KEY_PREVIOUS', { ...REAL, HANDLE_SIGNING_KEY_PREVIOUS: 'x'.repeat(31) }, /HANDLE_SIGNING_KEY_PREVIOUS: must be at least 32/],
    ['HANDLE_SIGNING_KEY_PREVIOUS alone', { HANDLE_SIGNING_KEY_PREVIOUS: KEY }, /HANDLE_SIGNING_KEY_PREVIOUS is set without HANDLE_SIGNING_KEY/],
    ['the previous key equal to the current one', { ...REAL, HANDLE_SIGNING_KEY_PREVIOUS: KEY }, /HANDLE_SIGNING_KEY_PREVIOUS equals HANDLE_SIGNING_KEY/],
  ])('%s', (_name, env, message) => {
    expect(refusal(env)).toMatch(message);
  });

  // Was a bug (fixed): the http check is `startsWith('http://')`, so an upper-case scheme skips it; z.url() also
  // lets other schemes through. Both load without error today.
  it.each(['HTTP://management.example.com', 'ftp://management.example.com'])('refuses ARM_ENDPOINT=%s', (endpoint) => {
    expect(refusal({ ...REAL, ARM_ENDPOINT: endpoint })).toMatch(/ARM_ENDPOINT/);
  });

  // Was a bug (fixed): z.coerce.number turns an empty PORT= (common in env files) into 0, a random port,
  // instead of the default 3978 or a refusal.
  it('treats PORT= (empty) as unset or refuses it', () => {
    expect(loadConfig({ PORT: '' }, cwd).port).toBe(3978);
  });
});

describe('JOBOPS_CONFIG file', () => {
  it('loads a file named by JOBOPS_CONFIG relative to cwd', () => {
    writeJson('cfg/other.json', { ...GOOD_FILE, defaultWorkspace: 'prod', tenantId: 't-1' });
    expect(loadConfig({ JOBOPS_CONFIG: 'cfg/other.json' }, cwd)).toMatchObject({ defaultWorkspace: 'prod', tenantId: 't-1' });
  });

  it.each<[string, unknown, RegExp]>([
    ['invalid JSON', '{ "defaultWorkspace": ', /JOBOPS_CONFIG: cannot read .*bad\.json/],
    ['production workspace without approvers', { defaultWorkspace: 'prod', workspaces: { prod: { ...WS, production: true } } }, /JOBOPS_CONFIG .*workspaces\.prod\.approvers: approvers is required when production is true/],
    ['production workspace with empty approvers', { defaultWorkspace: 'prod', workspaces: { prod: { ...WS, production: true, approvers: [] } } }, /approvers is required/],
    ['defaultWorkspace not among the workspaces', { ...GOOD_FILE, defaultWorkspace: 'staging' }, /defaultWorkspace: "staging" is not one of the workspaces/],
    ['an upper-case alias', { defaultWorkspace: 'Prod', workspaces: { Prod: WS } }, /workspace aliases are lower-case/],
    ['an alias with a space', { defaultWorkspace: 'my ws', workspaces: { 'my ws': WS } }, /workspace aliases are lower-case/],
    ['a workspace without subscriptionId', { defaultWorkspace: 'dev', workspaces: { dev: { resourceGroup: 'rg', workspace: 'w' } } }, /workspaces\.dev\.subscriptionId/],
  ])('%s', (_name, content, message) => {
    writeJson('bad.json', content);
    expect(refusal({ JOBOPS_CONFIG: 'bad.json' })).toMatch(message);
  });

  it('a missing file names JOBOPS_CONFIG and the full path', () => {
    expect(refusal({ JOBOPS_CONFIG: 'nope/missing.json' })).toContain(`JOBOPS_CONFIG: cannot read ${path.join(cwd, 'nope/missing.json')}`);
  });
});

describe('loopback helpers', () => {
  it.each([['127.0.0.1', true], ['127.8.9.10', true], ['localhost', true], ['::1', true], ['0.0.0.0', false], ['10.0.0.1', false], ['127.0.0.1.nip.io', false]])(
    'isLoopbackHost(%s) → %s',
    (host, expected) => {
      expect(isLoopbackHost(host)).toBe(expected);
    },
  );

  it.each([['http://127.0.0.1:3978', true], ['http://[::1]:80/x', true], ['http://localhost', true], ['http://example.com', false], ['not a url', false]])(
    'isLoopbackUrl(%s) → %s',
    (url, expected) => {
      expect(isLoopbackUrl(url)).toBe(expected);
    },
  );
});

describe('retention settings', () => {
  const DAY = 86_400_000;

  it('defaults: audit 400 d, decided approvals 30 d, delivery records 7 d, handles 1 d after expiry and at most 7 d, sweep every minute, same-cause window 1 h', () => {
    expect(loadConfig({}, cwd).retention).toEqual({
      auditMs: 400 * DAY, decidedApprovalsMs: 30 * DAY, deliveryMs: 7 * DAY, expiredHandlesMs: DAY, handleTtlMaxMs: 7 * DAY, sweepEveryMs: 60_000, causeWindowMs: 3_600_000,
    });
  });

  it('reads durations in s, m, h and d', () => {
    const r = loadConfig({ RETENTION_AUDIT: '90d', RETENTION_DELIVERY: '12h', RETENTION_EXPIRED_HANDLES: '0s', HANDLE_TTL_MAX: '15m', RETENTION_SWEEP_SECONDS: '5', CAUSE_WINDOW: '10m' }, cwd).retention;
    expect(r).toMatchObject({ auditMs: 90 * DAY, deliveryMs: 12 * 3_600_000, expiredHandlesMs: 0, handleTtlMaxMs: 15 * 60_000, sweepEveryMs: 5_000, causeWindowMs: 600_000 });
  });

  it.each([
    ['RETENTION_AUDIT', '400', 'RETENTION_AUDIT: must be a whole number followed by s, m, h or d'],
    ['RETENTION_AUDIT', '1.5d', 'RETENTION_AUDIT: must be a whole number followed by s, m, h or d'],
    ['RETENTION_DELIVERY', '30s', 'RETENTION_DELIVERY: must be at least 1m'],
    ['HANDLE_TTL_MAX', '0s', 'HANDLE_TTL_MAX: must be at least 1m'],
    ['RETENTION_SWEEP_SECONDS', '0', 'RETENTION_SWEEP_SECONDS'],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(refusal({ [name]: value })).toContain(message);
  });
});
