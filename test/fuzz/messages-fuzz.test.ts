import { ALL_VERBS, VERBS } from '../../src/cards/verbs';
import { Card, TestBot, USERS, cardActions, cardText, firstCard, startTestBot } from '../helpers/test-bot';
import { NASTY, Rng, deep, deepJsonText, int, mulberry32, mutateJson, mutateString, pick, randomText, randomValue } from './fuzz-kit';

/**
 * T21 fuzz over HTTP against the real app: (b) 300 mutated adaptiveCard/action invokes built from
 * real card handles, and (d) raw hostile bodies to /api/messages. Pass: never a 500, the bot keeps
 * answering, and no mutated payload ever reaches Azure as a cancel.
 */
let t: TestBot;
let real: Real;
beforeAll(async () => {
  t = await startTestBot();
  real = await realHandles();
});
afterAll(async () => {
  await t?.stop();
});

const GROUP = { conversationType: 'groupChat' as const, conversationId: 'g:fuzz-appr' };
const cancels = (): number => t.emulator.stats.snapshot().counts.jobCancel ?? 0;

interface Real { handles: string[]; data: Record<string, unknown>[] }

/** Real handles of every kind: list page, job, cancel confirmation, approval request. */
async function realHandles(): Promise<Real> {
  t.emulator.addJob({ name: 'fuzz-dev-running', status: 'Running' });
  t.emulator.addJob({ name: 'fuzz-prod-running', workspace: 'mlw-prod', status: 'Running' });
  const cards: Card[] = [
    firstCard((await t.send('list top=3')).activities),
    firstCard((await t.send('show fuzz-dev-running')).activities),
    firstCard((await t.send('cancel fuzz-dev-running because fuzz')).activities),
    firstCard((await t.send('cancel fuzz-prod-running in prod because fuzz', GROUP)).activities),
  ];
  const data: Record<string, unknown>[] = cards.flatMap((c) => {
    const refresh = (c as { refresh?: { action: { data: Record<string, unknown> } } }).refresh;
    return [...cardActions(c).map((a) => ({ ...a.data })), ...(refresh ? [{ ...refresh.action.data }] : [])];
  });
  return { handles: [...new Set(data.map((d) => String(d.h)))], data };
}

/**
 * A mutated `data`. A real handle is only kept next to a key the schema forbids (R3.2: strict
 * shape); otherwise the handle itself is altered, so no payload is a legitimate button press.
 */
function mutatedData(rng: Rng, real: Real): unknown {
  let d = rng() < 0.8 ? mutateJson(rng, pick(rng, real.data)) : randomValue(rng);
  if (rng() < 0.3) d = mutateJson(rng, d);
  if (d && typeof d === 'object' && !Array.isArray(d)) {
    const o = d as Record<string, unknown>;
    const harmless = Object.keys(o).every((k) => k === 'h' || k === 'i' || k === 'comment');
    if (harmless && typeof o.h === 'string' && real.handles.includes(o.h)) {
      let h = o.h;
      while (real.handles.includes(h)) h = mutateString(rng, h);
      o.h = h;
    }
  }
  return d;
}

function invokeBody(rng: Rng, real: Real, n: number): Record<string, unknown> {
  const user = pick(rng, [USERS.alice, USERS.marco, USERS.eve]);
  const conv = rng() < 0.5 ? GROUP : { conversationType: 'personal', conversationId: 'a:conv-1' };
  const verb = rng() < 0.75 ? pick(rng, ALL_VERBS) : pick(rng, [randomText(rng, 20), '', 'job.cancel ', 'APPROVAL.APPROVE', mutateString(rng, pick(rng, ALL_VERBS))]);
  const action: Record<string, unknown> = { type: 'Action.Execute', verb, data: mutatedData(rng, real) };
  let value: unknown = { action, trigger: rng() < 0.2 ? 'automatic' : 'manual' };
  // Sometimes the envelope around `data` is what is broken.
  const r = rng();
  if (r < 0.08) value = mutateJson(rng, value);
  else if (r < 0.12) value = randomValue(rng);
  else if (r < 0.15) action.verb = randomValue(rng);
  else if (r < 0.18) action.type = pick(rng, ['Action.Submit', 'Action.OpenUrl', 42, null]);
  return {
    type: 'invoke', name: rng() < 0.93 ? 'adaptiveCard/action' : pick(rng, ['adaptiveCard/action ', 'composeExtension/query', 'task/fetch', randomText(rng, 10)]),
    id: `fuzz-inv-${n}`, replyToId: 'card-1', channelId: 'msteams', serviceUrl: t.connector.url, from: user, recipient: { id: '28:jobops', name: 'JobOps' },
    conversation: { id: conv.conversationId, conversationType: conv.conversationType, tenantId: 'tenant-1' }, channelData: { tenant: { id: 'tenant-1' } }, locale: 'en-US',
    value,
  };
}

describe('T21 fuzz: card actions over HTTP', () => {
  it('T21 fuzz: 300 mutated adaptiveCard/action invokes → 200 error card, 4xx or 501; never 500; no cancel', async () => {
    expect(real.handles.length).toBeGreaterThanOrEqual(4);
    t.emulator.stats.reset();
    const rng = mulberry32(0x1e_7a_c7_21);
    const bad: string[] = [];
    const seen: Record<string, number> = {};
    for (let i = 0; i < 300; i++) {
      const body = invokeBody(rng, real, i);
      const r = await t.post(body);
      let kind = String(r.status);
      if (r.status === 200) {
        let parsed: { statusCode?: number; type?: string; value?: unknown } = {};
        try {
          parsed = JSON.parse(r.text) as typeof parsed;
        } catch {
          bad.push(`#${i} 200 with a body that is not JSON: ${r.text.slice(0, 120)}`);
        }
        kind = `200 ${parsed.statusCode ?? '-'} ${parsed.type ?? '-'}`;
        // A 200 must carry an answer the user can read: a card (the error or current-state card) or a message.
        if (parsed.type === 'application/vnd.microsoft.card.adaptive' && !cardText(parsed.value).trim()) bad.push(`#${i} empty card`);
        if (typeof parsed.statusCode === 'number' && parsed.statusCode >= 500) bad.push(`#${i} invoke statusCode ${parsed.statusCode}`);
      } else if (!(r.status >= 400 && r.status < 500) && r.status !== 501) {
        bad.push(`#${i} HTTP ${r.status}: ${r.text.slice(0, 200)} for ${JSON.stringify(body.value).slice(0, 200)}`);
      }
      seen[kind] = (seen[kind] ?? 0) + 1;
    }
    expect(bad.slice(0, 10)).toEqual([]);
    // The corpus must actually reach the handlers, not just bounce off the envelope checks.
    expect(seen['200 200 application/vnd.microsoft.card.adaptive'] ?? 0).toBeGreaterThan(150);
    expect(cancels()).toBe(0);
  }, 60_000);

  it('T21 fuzz: Action.Submit fallbacks (message with a mutated value, no text) → 2xx or 4xx, no cancel', async () => {
    t.emulator.stats.reset();
    const rng = mulberry32(0x5b_31_7);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const value = { ...(mutatedData(rng, real) as Record<string, unknown>), verb: pick(rng, [...ALL_VERBS, randomText(rng, 8)]) };
      const r = await t.post({
        type: 'message', id: `fuzz-submit-${i}`, replyToId: 'card-1', channelId: 'msteams', serviceUrl: t.connector.url, from: pick(rng, [USERS.alice, USERS.marco, USERS.eve]),
        recipient: { id: '28:jobops' }, conversation: { ...GROUP, id: GROUP.conversationId, tenantId: 'tenant-1' }, channelData: { tenant: { id: 'tenant-1' } },
        value, deliveryMode: 'expectReplies',
      });
      statuses.push(r.status);
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(cancels()).toBe(0);
  }, 60_000);

  it('T21 fuzz: after the card-action fuzz the bot still answers help and a real button still works', async () => {
    const r = await t.send('help');
    expect(r.status).toBe(200);
    expect(cardText(firstCard(r.activities))).toMatch(/list/);
    const show = firstCard((await t.send('show fuzz-dev-running')).activities);
    const refresh = cardActions(show).find((a) => a.verb === VERBS.refreshJob);
    expect(refresh).toBeDefined();
    const again = await t.invoke(VERBS.refreshJob, refresh!.data);
    expect(cardText(again.body.value)).toContain('fuzz-dev-running');
  });
});

describe('T21 fuzz: raw bodies to /api/messages', () => {
  // A complete envelope with expectReplies: a mutation that is still a valid activity is answered in the response.
  const envelope = (): Record<string, unknown> => ({
    type: 'message', channelId: 'msteams', serviceUrl: t.connector.url, from: USERS.alice, recipient: { id: '28:jobops' },
    conversation: { id: 'a:conv-raw', tenantId: 'tenant-1' }, channelData: { tenant: { id: 'tenant-1' } }, deliveryMode: 'expectReplies',
  });
  const realText = (): string => JSON.stringify({ ...envelope(), text: 'list', id: 'raw-1' });

  function rawBodies(rng: Rng): [string, string | Buffer][] {
    const real = realText();
    const out: [string, string | Buffer][] = [
      ['1 MB of x', 'x'.repeat(1024 * 1024)],
      ['a 1 MB JSON text', JSON.stringify({ ...envelope(), text: 'a'.repeat(1024 * 1024) })],
      ['10k nested arrays', deepJsonText(10_000, 'array')],
      ['10k nested objects', deepJsonText(10_000, 'object')],
      ['10k nested arrays in a bare activity', `{"type":"message","value":${deepJsonText(10_000, 'array')}}`],
      ['10k nested objects in a bare activity', `{"type":"message","value":${deepJsonText(10_000, 'object')}}`],
      ['10k nested objects in a full activity', `${real.slice(0, -1)},"value":${deepJsonText(10_000, 'object')}}`],
      ['an activity without conversation', JSON.stringify({ ...envelope(), conversation: undefined, text: 'help' })],
      ['an activity without serviceUrl', JSON.stringify({ ...envelope(), serviceUrl: undefined, text: 'help' })],
      ['an activity with a numeric id', JSON.stringify({ ...envelope(), id: 5, text: 'help' })],
      ['empty', ''],
      ['whitespace', '   \n'],
      ['a BOM and JSON', `\ufeff${real}`],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ['a lone surrogate escape', '{"type":"\\ud800"}'],
      ['a number', '42'],
      ['a string', '"message"'],
      ['true', 'true'],
      ['__proto__ pollution', '{"type":"message","__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}'],
      ['a 200-level value under the limit', JSON.stringify({ ...envelope(), id: 'raw-deep', value: deep(200, 'object') })],
    ];
    for (let i = 0; i < 60; i++) {
      const cut = int(rng, real.length);
      const r = rng();
      if (r < 0.5) out.push([`truncated at ${cut}`, real.slice(0, cut)]);
      else if (r < 0.8) out.push([`byte flip at ${cut}`, real.slice(0, cut) + pick(rng, ['{', '}', '"', '\\', ',', ':', '\u0000', pick(rng, NASTY)]) + real.slice(cut + 1)]);
      else out.push([`random ${i}`, randomText(rng, 300)]);
    }
    return out;
  }

  it('T21 fuzz: truncated JSON, 1 MB bodies and 10k-level nesting → 4xx (or a handled 2xx), never 500', async () => {
    const bad: string[] = [];
    for (const [name, body] of rawBodies(mulberry32(0xb0d1e5))) {
      const res = await fetch(`${t.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await res.text();
      // A mutation can still be a valid activity (e.g. a flipped letter in the text): then 2xx is right.
      if (res.status >= 500) bad.push(`${name}: ${res.status} ${text.slice(0, 120)}`);
      if (/^\s*at .+:\d+:\d+\)?$/m.test(text)) bad.push(`${name}: stack trace in the answer`);
    }
    expect(bad).toEqual([]);
  }, 60_000);

  it.each([
    ['1 MB body', () => 'x'.repeat(1024 * 1024), [413]],
    ['truncated JSON', () => realText().slice(0, 40), [400]],
    ['10k nested arrays', () => deepJsonText(10_000, 'array'), [400]],
    // Was 500 "Cannot read properties of undefined (reading 'id')": the SDK replied to a conversation that was not there.
    ['10k nested objects in an activity without conversation', () => `{"type":"message","value":${deepJsonText(10_000, 'object')}}`, [400]],
    ['an activity without serviceUrl', () => JSON.stringify({ ...envelope(), serviceUrl: undefined, text: 'help' }), [400]],
    ['an activity whose locale is a number', () => JSON.stringify({ ...envelope(), locale: 5, text: 'help' }), [400]],
  ] as [string, () => string, number[]][])('T21 fuzz: %s → a clear 4xx', async (_name, body, expected) => {
    const res = await fetch(`${t.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body() });
    expect(expected).toContain(res.status);
  });

  it('T21 fuzz: after the raw-body fuzz the bot still answers help', async () => {
    const r = await t.send('help');
    expect(r.status).toBe(200);
    expect(cardText(firstCard(r.activities))).toMatch(/list/);
  });
});
