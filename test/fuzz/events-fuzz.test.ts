import fs from 'node:fs';
import path from 'node:path';
import { DEV_TOPIC, postEvents, runEvent } from '../helpers/event-grid';
import { TestBot, cardText, firstCard, startTestBot } from '../helpers/test-bot';
import { NASTY, Rng, deep, deepJsonText, int, mulberry32, mutateJson, pick, randomText, randomValue } from './fuzz-kit';

/**
 * T21 fuzz (Event Grid intake): 300 mutated real payloads (Event Grid schema and CloudEvents, from
 * the Azure REST API spec examples) to POST /api/events. Event Grid does not retry 400/401/413, so
 * those are fine answers to garbage; a 500 would be retried for 24 h and must only mean "not stored".
 */
const SECRET = 'fuzz-secret-0123456789abcdef';
const FIXTURES = path.resolve(__dirname, '../fixtures/azureml/events');
const fixture = (p: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(FIXTURES, p), 'utf8')) as Record<string, unknown>;
const ALLOWED = [200, 400, 401, 413];

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { EVENTGRID_SECRET: SECRET } });
  t.emulator.addJob({ name: 'fuzz-eg-job', status: 'Running' });
  t.emulator.addJob({ name: 'fuzz-eg-done', status: 'Completed' });
});
afterAll(async () => {
  await t?.stop();
});

/** Real payloads with the topic pointed at a configured workspace, so mutations start from "accepted". */
function seeds(): { body: unknown; contentType: string }[] {
  const eg = { ...fixture('eventgrid-schema/run_status_changed.json'), topic: DEV_TOPIC };
  const done = { ...fixture('eventgrid-schema/run_completed.json'), topic: DEV_TOPIC };
  const ce = { ...fixture('cloud-events-schema/run_status_changed.json'), source: DEV_TOPIC };
  const validation = [{ id: 'v1', topic: DEV_TOPIC, subject: '', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', eventTime: new Date().toISOString(), data: { validationCode: 'code-1' }, dataVersion: '1', metadataVersion: '1' }];
  return [
    { body: [eg], contentType: 'application/json' },
    { body: [eg, done, runEvent('fuzz-eg-job', 'failed')], contentType: 'application/json' },
    { body: ce, contentType: 'application/cloudevents+json; charset=utf-8' },
    { body: [ce], contentType: 'application/cloudevents-batch+json; charset=utf-8' },
    { body: validation, contentType: 'application/json' },
  ];
}

function mutated(rng: Rng, i: number): { body: string; contentType: string; key?: string } {
  const seed = pick(rng, seeds());
  let body: unknown = seed.body;
  for (let n = 1 + int(rng, 3); n > 0; n--) body = mutateJson(rng, body);
  // Ids are made unique (when they survive) so mutations are not all swallowed as duplicates.
  if (Array.isArray(body)) for (const e of body) if (e && typeof e === 'object' && typeof (e as { id?: unknown }).id === 'string') (e as { id: string }).id += `-${i}`;
  let text = JSON.stringify(body) ?? 'null';
  const r = rng();
  if (r < 0.05) text = deepJsonText(5_000 + int(rng, 10_000), rng() < 0.5 ? 'array' : 'object');
  else if (r < 0.09) text = JSON.stringify([{ ...(seed.body as unknown[])[0] as object, data: deep(3_000, 'object') }]);
  else if (r < 0.12) text = JSON.stringify([{ id: `big-${i}`, topic: DEV_TOPIC, data: 'x'.repeat(1_200 * 1024) }]);
  // Just over the 100 events that are staged in segment rows; for a finished job, so the drain below stays short.
  else if (r < 0.11) text = JSON.stringify(Array.from({ length: 101 + int(rng, 40) }, (_, k) => ({ ...runEvent(k % 9 === 0 ? `fuzz-gone-${k}` : 'fuzz-eg-done', 'completed'), id: `many-${i}-${k}` })));
  else if (r < 0.2) text = text.slice(0, int(rng, text.length));
  else if (r < 0.24) text = pick(rng, ['', 'null', '[]', '{}', '[null]', '[[]]', '"x"', '42', randomText(rng, 200)]);
  else if (r < 0.3) text = text.replace(/"[^"]*"/, JSON.stringify(pick(rng, NASTY).repeat(1 + int(rng, 500))));
  else if (r < 0.33) text = JSON.stringify(randomValue(rng)) ?? '';
  const contentType = rng() < 0.9 ? seed.contentType : pick(rng, ['text/plain', 'application/x-www-form-urlencoded', '', 'application/cloudevents+json', 'application/json; charset=utf-16']);
  // A few deliveries without the key or with a wrong one: 401 before anything else is looked at.
  const k = rng();
  const key = k < 0.04 ? undefined : k < 0.08 ? `${SECRET}x` : SECRET;
  return { body: text, contentType, key };
}

describe('T21 fuzz: Event Grid intake', () => {
  it('T21 fuzz: 300 mutated real Event Grid payloads → 200/400/401/413, never 500', async () => {
    const rng = mulberry32(0xe7e27_21);
    const bad: string[] = [];
    const seen: Record<number, number> = {};
    for (let i = 0; i < 300; i++) {
      const m = mutated(rng, i);
      const r = await postEvents(t.bot.url, m.body, { key: m.key, contentType: m.contentType });
      seen[r.status] = (seen[r.status] ?? 0) + 1;
      if (!ALLOWED.includes(r.status)) bad.push(`#${i} ${r.status} ${JSON.stringify(r.json).slice(0, 160)} for ${m.body.slice(0, 160)}`);
      if (m.key !== SECRET && r.status !== 401) bad.push(`#${i} wrong key answered ${r.status}`);
    }
    expect(bad.slice(0, 10)).toEqual([]);
    // The corpus exercises every branch: stored, rejected as malformed, unauthenticated.
    expect(seen[200] ?? 0).toBeGreaterThan(30);
    expect(seen[400] ?? 0).toBeGreaterThan(30);
    expect(seen[401] ?? 0).toBeGreaterThan(0);
  }, 60_000);

  it('T21 fuzz: after the Event Grid fuzz the processor drains without throwing and the bot still answers', async () => {
    // Whatever the mutations got stored must be processable: the drain settles, nothing parked.
    const r = await t.bot.events.processor.drainOnce();
    expect(r.parked).toBe(0);
    expect(await t.bot.events.inbox.stagedCount()).toBe(0);
    const ok = await postEvents(t.bot.url, [runEvent('fuzz-eg-job', 'running', { id: 'after-fuzz' })], { key: SECRET });
    expect(ok.status).toBe(200);
    const r2 = await t.send('help');
    expect(cardText(firstCard(r2.activities))).toMatch(/list/);
  }, 60_000);
});
