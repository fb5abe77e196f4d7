import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { startJobOps } from '../../src/compose';
import { startEmulator } from '../../src/emulator';
import { PlaygroundStartError, startPlayground } from '../../src/playground/start-playground';
import { createLogger } from '../../src/shared/logger';
import { startAzurite } from '../../src/storage/azurite';
import { ROOT } from '../helpers/test-bot';

/** What `npm start` does with the Playground: started with the bot, stopped with it, and never a reason to fail. */
jest.setTimeout(60_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'jobops-pg-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startBot(env: Record<string, string>, playgroundConfig: string, lines: string[]) {
  const emulator = await startEmulator({ clock: 'manual', seed: 42 });
  const azurite = await startAzurite();
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', AZUREML_EMULATOR: 'off', ARM_ENDPOINT: emulator.url, STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json'), ...env },
    ROOT,
  );
  const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
  const bot = await startJobOps(config, { logger: createLogger('warn', sink), emulator, startWatcher: false, playground: { configFile: playgroundConfig, logFile: path.join(tmp, 'pg.log') } });
  return { bot, stop: async () => { await bot.stop(); await azurite.stop(); await emulator.stop(); } };
}

it('PLAYGROUND defaults to on in local anonymous mode and off with a bot id; PLAYGROUND_APPROVER follows it', () => {
  const base = { JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json') };
  expect(loadConfig(base, ROOT).playground).toEqual({ enabled: true, port: 56150, approver: true });
  expect(loadConfig({ ...base, PLAYGROUND: 'off' }, ROOT).playground).toMatchObject({ enabled: false, approver: false });
  expect(loadConfig({ ...base, PLAYGROUND_APPROVER: 'off' }, ROOT).playground).toMatchObject({ enabled: true, approver: false });
  expect(() => loadConfig({ ...base, PLAYGROUND_APPROVER: 'yes' }, ROOT)).toThrow(/PLAYGROUND_APPROVER/);
  expect(loadConfig({ ...base, BOT_ID: 'app', BOT_PASSWORD: 'x', STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true', HANDLE_SIGNING_KEY: 'k'.repeat(40) }, ROOT).playground.enabled).toBe(false);
  expect(() => loadConfig({ ...base, NODE_ENV: 'production', BOT_ID: 'app', BOT_PASSWORD: 'x', STORAGE_CONNECTION_STRING: 'x', PLAYGROUND: 'on' }, ROOT)).toThrow(/PLAYGROUND=on is not allowed/);
});

it('the composition root starts the Playground when asked, and stops it with the bot', async () => {
  const lines: string[] = [];
  const { bot, stop } = await startBot({ PLAYGROUND: 'on', PLAYGROUND_PORT: '0' }, path.join(ROOT, '.m365agentsplayground.yml'), lines);
  try {
    expect(bot.playground?.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect((await fetch(bot.playground!.url.replace('localhost', '127.0.0.1'))).status).toBe(200);
    expect(alive(bot.playground!.pid)).toBe(true);
    // Loopback only (the Playground itself would listen on every interface): this machine's other addresses refuse.
    const port = Number(new URL(bot.playground!.url).port);
    const outside = Object.values(os.networkInterfaces()).flat().filter((i) => i && !i.internal && i.family === 'IPv4').map((i) => i!.address);
    for (const address of outside) {
      await expect(fetch(`http://${address}:${port}/`, { signal: AbortSignal.timeout(3_000) })).rejects.toThrow();
    }
  } finally {
    await stop();
  }
  expect(alive(bot.playground!.pid)).toBe(false);
  expect(lines.join('')).not.toMatch(/did not start/);
});

it('a Playground that cannot start is a warning; the bot keeps running', async () => {
  const bad = path.join(tmp, 'bad.yml');
  fs.writeFileSync(bad, 'version: "0.1.1"\nusers: []\n');
  const lines: string[] = [];
  const { bot, stop } = await startBot({ PLAYGROUND: 'on', PLAYGROUND_PORT: '0' }, bad, lines);
  try {
    expect(bot.playground).toBeUndefined();
    expect(lines.join('')).toMatch(/the Agents Playground did not start; the bot runs without it/);
    expect(lines.join('')).toMatch(/Failed to parse config file/);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  } finally {
    await stop();
  }
});

it('PLAYGROUND=off: the bot does not start one even when asked', async () => {
  const { bot, stop } = await startBot({ PLAYGROUND: 'off' }, path.join(ROOT, '.m365agentsplayground.yml'), []);
  await stop();
  expect(bot.playground).toBeUndefined();
});

it('a missing config file is a clear start error', async () => {
  await expect(startPlayground({ endpoint: 'http://127.0.0.1:9/api/messages', port: 0, configFile: path.join(tmp, 'none.yml'), logFile: path.join(tmp, 'x.log'), logger: createLogger('silent') })).rejects.toThrow(PlaygroundStartError);
});
