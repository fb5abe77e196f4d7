import { VERBS } from '../../src/cards/verbs';
import { WriteCounter } from '../helpers/counting-store';
import { Card, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

/**
 * Issue 13: read-only replies (list, show, summary, More, Refresh, row buttons) draw their buttons with sealed read
 * handles and write nothing to storage; the handles refuse forged, altered, expired and other-conversation data
 * with the same replies as stored handles (T9). Counted at the store the bot uses (test/helpers/counting-store.ts).
 */
const writes = new WriteCounter();
const t = useTestBot({ wrapStore: (s) => writes.wrap(s) });

const CONV = 'a:conv-read-handles';
const on = { conversationId: CONV };

function verbHandle(card: Card | undefined, verb: string): string {
  const a = cardActions(card).find((x) => x.verb === verb);
  if (!a) throw new Error(`no ${verb} button on the card`);
  return a.data.h as string;
}

beforeAll(async () => {
  t.emulator.addJob({ name: 'rh-running', status: 'Running' });
  t.emulator.addJob({ name: 'rh-failed', status: 'Failed', failure: 'cuda-oom' });
  // The first activity of a conversation stores its reference (proactive messages need it): not a read's write.
  await t.send('help', on);
  await t.send('help', { conversationId: 'a:someone-else' });
});

beforeEach(() => {
  t.emulator.stats.reset();
  writes.reset();
});

describe('no storage write to answer a read', () => {
  it('list, More, a list row, show, Refresh, Summary and summary write nothing', async () => {
    const list = firstCard((await t.send('list top=3', on)).activities);
    expect(cardText(list)).toMatch(/Jobs in dev/);
    const more = verbHandle(list, VERBS.listMore);
    const rowHandles = cardActions(list).filter((a) => a.verb === VERBS.showJob).map((a) => a.data);
    expect(rowHandles).toHaveLength(3);
    // Each row carries its own handle and no index; no job name in the clear.
    for (const d of rowHandles) expect(Object.keys(d)).toEqual(['h']);

    const page2 = await t.invoke(VERBS.listMore, { h: more }, on);
    expect(cardText(page2.body.value)).toMatch(/page 2/);
    const row = await t.invoke(VERBS.showJob, rowHandles[0], on);
    expect(cardText(row.body.value)).not.toMatch(/out of date/i);

    const show = firstCard((await t.send('show rh-running', on)).activities);
    const refresh = await t.invoke(VERBS.refreshJob, { h: verbHandle(show, VERBS.refreshJob) }, on);
    expect(cardText(refresh.body.value)).toContain('rh-running');
    const summaryBtn = await t.invoke(VERBS.summary, { h: verbHandle(show, VERBS.summary) }, on);
    expect(cardText(summaryBtn.body.value)).toContain('rh-running');

    const summary = firstCard((await t.send('summary rh-failed', on)).activities);
    expect(cardText(summary)).toMatch(/memory/i);
    const showFromSummary = await t.invoke(VERBS.showJob, { h: verbHandle(summary, VERBS.showJob) }, on);
    expect(cardText(showFromSummary.body.value)).toContain('rh-failed');

    expect(writes.byCollection()).toEqual({});
    expect(t.emulator.stats.snapshot().total).toBeGreaterThan(0);
  });

  it('control: a state-changing request (cancel) still stores its record', async () => {
    const cancel = firstCard((await t.send('cancel rh-running', on)).activities);
    expect(cardActions(cancel).some((a) => a.verb === VERBS.cancelConfirm)).toBe(true);
    expect(writes.writes.filter((w) => w.collection === 'handles' && w.op === 'create')).toHaveLength(1);
  });
});

describe('sealed read handles refuse what they must (T9)', () => {
  let jobHandle: string;
  let moreHandle: string;
  beforeAll(async () => {
    const show = firstCard((await t.send('show rh-running', on)).activities);
    jobHandle = verbHandle(show, VERBS.refreshJob);
    moreHandle = verbHandle(firstCard((await t.send('list top=2', on)).activities), VERBS.listMore);
  });

  /** One character of a base64url part changed to another valid one. */
  function flip(token: string, part: 1 | 2, at: number): string {
    const parts = token.split('.');
    const s = parts[part]!;
    const i = at < 0 ? s.length + at : at;
    parts[part] = s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    return parts.join('.');
  }

  const cases: [string, string, () => unknown, { conversationId?: string }][] = [
    ['a forged handle (right shape, no key)', VERBS.showJob, () => ({ h: `r1.${'Q'.repeat(80)}.${'A'.repeat(43)}` }), on],
    ['an altered payload', VERBS.showJob, () => ({ h: flip(jobHandle, 1, 30) }), on],
    ['an altered first byte (the IV)', VERBS.refreshJob, () => ({ h: flip(jobHandle, 1, 0) }), on],
    ['an altered MAC', VERBS.showJob, () => ({ h: flip(jobHandle, 2, 5) }), on],
    ['a truncated handle', VERBS.showJob, () => ({ h: jobHandle.slice(0, -10) }), on],
    ['a valid job handle from another conversation', VERBS.showJob, () => ({ h: jobHandle }), { conversationId: 'a:someone-else' }],
    ['a valid More handle from another conversation', VERBS.listMore, () => ({ h: moreHandle }), { conversationId: 'a:someone-else' }],
    ['a More handle with a row index', VERBS.showJob, () => ({ h: moreHandle, i: 0 }), on],
    ['a job handle with list.more', VERBS.listMore, () => ({ h: jobHandle }), on],
    ['a job handle with cancel.confirm', VERBS.cancelConfirm, () => ({ h: jobHandle }), on],
    ['a job handle with extra keys', VERBS.showJob, () => ({ h: jobHandle, job: 'rh-failed' }), on],
  ];

  it.each(cases)('%s → "out of date", no Azure call, no write', async (_name, verb, data, o) => {
    const r = await t.invoke(verb, data(), o);
    expect(r.status).toBe(200);
    expect(cardText(r.body.value)).toMatch(/Card out of date/);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    // The refusal is audited, as for stored handles; nothing else is written.
    expect(writes.writes.every((w) => w.collection.startsWith('audit'))).toBe(true);
  });

  it('control: the untouched handles still work in their conversation', async () => {
    expect(cardText((await t.invoke(VERBS.showJob, { h: jobHandle }, on)).body.value)).toContain('rh-running');
    expect(cardText((await t.invoke(VERBS.listMore, { h: moreHandle }, on)).body.value)).toMatch(/page 2/);
  });

  it('an expired handle says "expired", with no Azure call (last: moves the clock a week on)', async () => {
    t.emulator.clock.advance(7 * 24 * 3600_000 + 60_000);
    t.emulator.stats.reset();
    const r = await t.invoke(VERBS.showJob, { h: jobHandle }, on);
    expect(cardText(r.body.value)).toMatch(/expired/i);
    expect(cardText(r.body.value)).not.toMatch(/out of date/i);
    const more = await t.invoke(VERBS.listMore, { h: moreHandle }, on);
    expect(cardText(more.body.value)).toMatch(/expired/i);
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});
