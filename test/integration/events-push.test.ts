import path from 'node:path';
import { startJobOps, RunningJobOps } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/shared/logger';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { RecordingObserver, postEvents, runEvent } from '../helpers/event-grid';
import { ROOT, TestBot, startTestBot } from '../helpers/test-bot';

/** The emulator's Event Grid push end to end: job transition → POST /api/events → inbox → processor → observer. */
const SECRET = 'push-secret-0123456789abcdef';

describe('manual clock: emulator.pushEvents() after clock.advance', () => {
  let t: TestBot;
  const observer = new RecordingObserver();
  beforeAll(async () => {
    t = await startTestBot({ env: { EVENTGRID_SECRET: SECRET }, overrides: { jobObserver: observer } });
  });
  afterAll(async () => {
    await t?.stop();
  });
  const failedStatuses = (job: string): number => observer.of(job).filter((o) => o.job.status === 'Failed').length;

  it.each(['eventgrid', 'cloudevents'] as const)('%s: a job that fails is observed Failed exactly once', async (schema) => {
    const job = `eg-push-${schema}`;
    t.emulator.configureEventGrid({ url: `${t.bot.url}/api/events?key=${SECRET}`, schema });
    t.emulator.addJob({ name: job, status: 'Running', endsInMs: 60_000, endStatus: 'Failed' });
    expect(await t.emulator.pushEvents()).toBeGreaterThan(0);
    await t.bot.events.processor.drainOnce();
    expect(observer.of(job).map((o) => [o.source, o.job.status])).toEqual([['event', 'Running']]);

    t.emulator.clock.advance(61_000);
    expect(await t.emulator.pushEvents()).toBeGreaterThan(0);
    await t.bot.events.processor.drainOnce();
    // Nothing changed since: no delivery, no observation.
    expect(await t.emulator.pushEvents()).toBe(0);
    await t.bot.events.processor.drainOnce();
    expect(failedStatuses(job)).toBe(1);
    expect(await t.bot.events.inbox.all()).toEqual([]);
  });

  it('control endpoints: POST /_emulator/eventgrid and /_emulator/eventgrid/push', async () => {
    const control = (p: string, body: unknown) => fetch(`${t.emulator.url}/_emulator/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await control('eventgrid', { url: 'ftp://x' })).status).toBe(400);
    expect(await (await control('eventgrid', { url: `${t.bot.url}/api/events?key=${SECRET}`, schema: 'eventgrid' })).json()).toEqual({ enabled: true, schema: 'eventgrid' });
    t.emulator.addJob({ name: 'eg-push-control', status: 'Running', endsInMs: 1_000, endStatus: 'Failed' });
    t.emulator.clock.advance(5_000);
    expect(((await (await control('eventgrid/push', {})).json()) as { delivered: number }).delivered).toBeGreaterThan(0);
    await t.bot.events.processor.drainOnce();
    expect(failedStatuses('eg-push-control')).toBe(1);
    expect(await (await control('eventgrid', { url: null })).json()).toEqual({ enabled: false, schema: null });
  });

  it('a push with a wrong key is refused (401) and nothing is stored', async () => {
    t.emulator.configureEventGrid({ url: `${t.bot.url}/api/events?key=not-the-secret-at-all` });
    t.emulator.addJob({ name: 'eg-push-wrongkey', status: 'Running', endsInMs: 1_000, endStatus: 'Failed' });
    t.emulator.clock.advance(5_000);
    expect(await t.emulator.pushEvents()).toBe(0);
    expect(await t.bot.events.inbox.all()).toEqual([]);
    t.emulator.configureEventGrid(undefined);
  });
});

describe('intake without a secret', () => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot();
  });
  afterAll(async () => {
    await t?.stop();
  });
  it('is off: 404 whatever the key', async () => {
    expect((await postEvents(t.bot.url, [runEvent('x', 'failed')])).status).toBe(404);
    expect((await postEvents(t.bot.url, [runEvent('x', 'failed')], { key: 'anything-anything-1' })).status).toBe(404);
  });
});

describe('npm start: the embedded real-clock emulator pushes to the bot with a generated secret', () => {
  let azurite: RunningAzurite;
  let bot: RunningJobOps;
  const observer = new RecordingObserver();
  beforeAll(async () => {
    azurite = await startAzurite();
    const config = loadConfig(
      { PORT: '0', LOG_LEVEL: 'silent', AZUREML_EMULATOR: 'on', STORAGE_CONNECTION_STRING: azurite.connectionString, JOBOPS_CONFIG: path.join(ROOT, 'env/jobops.local.json') },
      ROOT,
    );
    expect(config.eventGrid.secret).toBeUndefined();
    bot = await startJobOps(config, { logger: createLogger('silent'), jobObserver: observer });
  });
  afterAll(async () => {
    await bot?.stop();
    await azurite?.stop();
  });

  it('a job failing on the real clock reaches the observer as Failed, once', async () => {
    const emulatorUrl = bot.emulator?.url ?? '';
    const res = await fetch(`${emulatorUrl}/_emulator/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'eg-live-1', status: 'Running', endsInMs: 300, endStatus: 'Failed' }) });
    expect(res.status).toBe(201);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !observer.of('eg-live-1').some((o) => o.job.status === 'Failed')) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(observer.of('eg-live-1').filter((o) => o.job.status === 'Failed')).toHaveLength(1);
    // Intake is on, but only for the generated secret nobody else knows.
    expect((await postEvents(bot.url, [runEvent('eg-live-1', 'failed')])).status).toBe(401);
  });
});
