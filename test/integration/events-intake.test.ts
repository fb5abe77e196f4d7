import fs from 'node:fs';
import path from 'node:path';
import { stableGuid } from '../../src/emulator/rng';
import { DEV_TOPIC, RUN_COMPLETED, RecordingObserver, postEvents, runEvent } from '../helpers/event-grid';
import { TestBot, startTestBot } from '../helpers/test-bot';

/** R4.1–R4.4, T19, T20 and hostile bodies, through HTTP against the real composition root. */
const SECRET = 'current-secret-0123456789';
const PREVIOUS = 'previous-secret-0123456789';
const FIXTURES = path.resolve(__dirname, '../fixtures/azureml/events');
const fixture = (p: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(FIXTURES, p), 'utf8')) as Record<string, unknown>;

let t: TestBot;
const observer = new RecordingObserver();
beforeAll(async () => {
  t = await startTestBot({ env: { EVENTGRID_SECRET: SECRET, EVENTGRID_SECRET_PREVIOUS: PREVIOUS }, overrides: { jobObserver: observer } });
  t.emulator.addJob({ name: 'eg-failed-1', status: 'Running', endsInMs: 1_000, endStatus: 'Failed' });
  t.emulator.addJob({ name: 'eg-running-1', status: 'Running' });
  t.emulator.clock.advance(5_000);
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(async () => {
  await t.bot.events.processor.drainOnce();
  observer.clear();
  t.emulator.stats.reset();
});
const post = (body: unknown, o: Parameters<typeof postEvents>[2] = {}) => postEvents(t.bot.url, body, { key: SECRET, ...o });

describe('T19 / R4.1: every delivery is authenticated', () => {
  it.each([
    ['no key', undefined],
    ['an empty key', ''],
    ['a wrong key', 'wrong-secret-0123456789'],
    ['a retired key', 'retired-secret-0123456789'],
    ['a prefix of the key', SECRET.slice(0, 10)],
  ])('%s → 401, nothing stored', async (_name, key) => {
    const r = await postEvents(t.bot.url, [runEvent('eg-failed-1', 'failed')], { key });
    expect(r.status).toBe(401);
    expect(await t.bot.events.inbox.all()).toHaveLength(0);
  });

  it('the current and the previous key (rotation) are both accepted', async () => {
    expect((await post([runEvent('eg-failed-1', 'failed')])).status).toBe(200);
    expect((await post([runEvent('eg-failed-1', 'failed')], { key: PREVIOUS })).status).toBe(200);
    expect(await t.bot.events.inbox.all()).toHaveLength(2);
  });

  it('the existing routes still work beside it', async () => {
    expect((await fetch(`${t.bot.url}/healthz`)).status).toBe(200);
    expect((await t.send('help')).status).toBe(200);
  });
});

describe('T20: validation handshakes are echoed only when authenticated', () => {
  const validation = [{ id: 'v1', topic: DEV_TOPIC, subject: '', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', eventTime: '2025-06-02T09:00:00Z', data: { validationCode: 'code-123', validationUrl: 'https://example.invalid/v' }, dataVersion: '1', metadataVersion: '1' }];
  it('Event Grid schema: {validationResponse} with the key, 401 without', async () => {
    expect(await post(validation)).toMatchObject({ status: 200, json: { validationResponse: 'code-123' } });
    const bad = await postEvents(t.bot.url, validation, { key: 'nope-nope-nope-nope' });
    expect(bad.status).toBe(401);
    expect(JSON.stringify(bad.json)).not.toContain('code-123');
  });
  it('CloudEvents OPTIONS: WebHook-Allowed-Origin with the key, 401 without', async () => {
    const headers = { 'WebHook-Request-Origin': 'eventgrid.azure.net' };
    const ok = await post(undefined, { method: 'OPTIONS', headers });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    const bad = await postEvents(t.bot.url, undefined, { method: 'OPTIONS', headers });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('webhook-allowed-origin')).toBeNull();
  });
});

describe('R4.2: topic and event type allow-list', () => {
  it('unknown topics and event types are acknowledged, counted and not stored', async () => {
    const before = { ...t.bot.events.counters.ignored };
    const r = await post([
      runEvent('eg-failed-1', 'failed', { topic: DEV_TOPIC.replace('mlw-dev', 'mlw-other') }),
      runEvent('eg-failed-1', 'failed', { eventType: 'Microsoft.MachineLearningServices.ModelRegistered' }),
      runEvent('eg-failed-1', 'failed', { topic: '/subscriptions/ffffffff-0000-0000-0000-000000000000/resourceGroups/jobops-local/providers/Microsoft.MachineLearningServices/workspaces/mlw-dev' }),
    ]);
    expect(r).toMatchObject({ status: 200, json: { accepted: 0, ignored: 3 } });
    expect(t.bot.events.counters.ignored.topic - before.topic).toBe(2);
    expect(t.bot.events.counters.ignored.eventType - before.eventType).toBe(1);
    expect(await t.bot.events.inbox.all()).toHaveLength(0);
  });
  it('the topic compares case-insensitively', async () => {
    expect(await post([runEvent('eg-failed-1', 'failed', { topic: DEV_TOPIC.toLowerCase() })])).toMatchObject({ status: 200, json: { accepted: 1 } });
  });
});

describe('hostile bodies', () => {
  it.each([
    ['malformed JSON', '[{"id": '],
    ['a JSON string', '"hello"'],
    ['an empty array', '[]'],
    ['an object that is not a CloudEvent', '{"id":"x","eventType":"y"}'],
    ['events without ids', JSON.stringify([{ topic: DEV_TOPIC, eventType: 'x', data: {} }])],
    ['a number where the type should be', JSON.stringify([{ id: 'a', topic: DEV_TOPIC, eventType: 7, data: {} }])],
  ])('%s → 400', async (_name, body) => {
    expect((await post(body)).status).toBe(400);
  });
  it('a body over 1.1 MB → 413; a full 1 MB batch is fine', async () => {
    const big = JSON.stringify([runEvent('eg-failed-1', 'failed', { id: 'big' })]).replace('"x"', `"${'x'.repeat(1_200_000)}"`);
    expect((await post(big)).status).toBe(413);
    const oneMb = JSON.stringify([runEvent('eg-failed-1', 'failed', { id: 'one-mb' })]).replace('"x"', `"${'x'.repeat(1_000_000)}"`);
    expect((await post(oneMb)).status).toBe(200);
  });
});

describe('processing: events are hints, ARM decides (R4.4)', () => {
  it('the same event id twice → stored once, observed once', async () => {
    const e = runEvent('eg-failed-1', 'failed', { id: 'dup-1' });
    expect(await post([e])).toMatchObject({ json: { accepted: 1, duplicates: 0 } });
    expect(await post([e, e])).toMatchObject({ json: { accepted: 0, duplicates: 2 } });
    await t.bot.events.processor.drainOnce();
    expect(observer.of('eg-failed-1').map((o) => [o.source, o.job.status, o.workspace])).toEqual([['event', 'Failed', 'dev']]);
    expect(await t.bot.events.inbox.all()).toHaveLength(0);
  });

  it('a large delivery is staged and still deduplicated by event id against earlier deliveries', async () => {
    expect(await post([runEvent('eg-failed-1', 'failed', { id: 'big-0' })])).toMatchObject({ json: { accepted: 1 } });
    const big = Array.from({ length: 300 }, (_, i) => runEvent('eg-failed-1', i % 2 ? 'running' : 'failed', { id: `big-${i}` }));
    expect(await post(big)).toMatchObject({ status: 200, json: { accepted: 300, duplicates: 0 } });
    expect(await t.bot.events.inbox.stagedCount()).toBe(300);
    const r = await t.bot.events.processor.drainOnce();
    expect(r).toMatchObject({ jobs: 1, observed: 1 });
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(1);
    expect(observer.of('eg-failed-1').map((o) => o.job.status)).toEqual(['Failed']);
    expect(await t.bot.events.inbox.all()).toEqual([]);
    expect(await t.bot.events.inbox.stagedCount()).toBe(0);
  });

  it('out of order: "running" after "failed" → the observer sees ARM\'s Failed, with one ARM read', async () => {
    await post([runEvent('eg-failed-1', 'failed', { eventTime: '2025-06-02T09:00:04Z' })]);
    await post([runEvent('eg-failed-1', 'running', { eventTime: '2025-06-02T09:00:01Z' }), runEvent('eg-failed-1', 'queued')]);
    const r = await t.bot.events.processor.drainOnce();
    expect(r).toMatchObject({ jobs: 1, observed: 1 });
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(1);
    // A late straggler in a later drain still cannot regress anything.
    await post([runEvent('eg-failed-1', 'running')]);
    await t.bot.events.processor.drainOnce();
    expect(observer.of('eg-failed-1').map((o) => o.job.status)).toEqual(['Failed', 'Failed']);
  });

  it('a terminal event that ARM does not show yet is kept for a later re-read', async () => {
    await post([runEvent('eg-running-1', 'failed')]);
    const r = await t.bot.events.processor.drainOnce();
    expect(r).toMatchObject({ observed: 1, retried: 1 });
    expect(observer.of('eg-running-1')[0]?.job.status).toBe('Running');
    const [row] = await t.bot.events.inbox.all();
    expect(row?.value).toMatchObject({ attempts: 1, runId: 'eg-running-1' });
    await t.bot.events.inbox.remove(row!);
  });

  it('unknown runs and pipeline steps (property-less ARM stubs) are skipped without retries', async () => {
    const failedStep = stableGuid('mlw-dev/pipe-train-eval-8/train_model');
    await post([runEvent('no-such-run-77', 'failed'), runEvent(failedStep, 'failed')]);
    const r = await t.bot.events.processor.drainOnce();
    expect(r).toMatchObject({ skipped: 2, observed: 0, retried: 0 });
    expect(await t.bot.events.inbox.all()).toHaveLength(0);
  });

  it('real fixture payloads (Event Grid schema and CloudEvents) with the topic rewritten', async () => {
    const eg = fixture('eventgrid-schema/run_status_changed.json');
    const data = { ...(eg.data as Record<string, unknown>), runId: 'eg-failed-1' };
    const completed = { ...fixture('eventgrid-schema/run_completed.json'), topic: DEV_TOPIC, id: 'fx-completed', data };
    expect(await post([{ ...eg, topic: DEV_TOPIC, data }, completed])).toMatchObject({ status: 200, json: { accepted: 2 } });
    const ce = { ...fixture('cloud-events-schema/run_status_changed.json'), source: DEV_TOPIC, id: 'fx-ce', data };
    expect(await post(ce, { contentType: 'application/cloudevents+json; charset=utf-8' })).toMatchObject({ status: 200, json: { accepted: 1 } });
    expect(await post([{ ...ce, id: 'fx-ce-batch' }], { contentType: 'application/cloudevents-batch+json; charset=utf-8' })).toMatchObject({ status: 200, json: { accepted: 1 } });
    const rows = await t.bot.events.inbox.all();
    expect(rows.map((r) => r.value.eventType).sort()).toContain(RUN_COMPLETED);
    await t.bot.events.processor.drainOnce();
    expect(observer.of('eg-failed-1').map((o) => o.job.status)).toEqual(['Failed']);
  });
});
