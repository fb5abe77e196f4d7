import { VERBS } from '../../src/cards/verbs';
import { Activity, TestBot, cardActions, cardText, firstCard, startTestBot } from '../helpers/test-bot';

/** T9 (forged card data), T15 (ARM 403/429/5xx) and T21 (hostile bodies and text) in anonymous local mode. */
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
});

const READ = 'Microsoft.MachineLearningServices/workspaces/jobs/read';
const counts = (): Partial<Record<string, number>> => t.emulator.stats.snapshot().counts;

/** What a person would read in the replies: plain text and every card's text. */
function said(activities: Activity[]): string {
  return activities.map((a) => [a.text ?? '', ...(a.attachments ?? []).map((x) => cardText(x.content))].join('\n')).join('\n');
}

/** Stack frames or raw error names must never reach chat. */
function expectNoTrace(text: string): void {
  expect(text).not.toMatch(/^\s*at .+\(?.*:\d+:\d+\)?$/m);
  expect(text).not.toMatch(/\b(Type|Reference|Syntax|Range)?Error:/);
  expect(text).not.toMatch(/node_modules|\/src\//);
}

describe('T9 / R3.2: altered card data', () => {
  let listPage: string;
  let jobHandle: string;
  let cancelHandle: string;
  beforeAll(async () => {
    t.emulator.addJob({ name: 'sec-t9-running', status: 'Running' });
    const list = firstCard((await t.send('list top=3')).activities);
    listPage = cardActions(list).find((a) => a.verb === VERBS.listMore)!.data.h;
    const show = firstCard((await t.send('show sec-t9-running')).activities);
    jobHandle = cardActions(show).find((a) => a.verb === VERBS.refreshJob || a.verb === VERBS.summary)!.data.h;
    const cancel = firstCard((await t.send('cancel sec-t9-running')).activities);
    cancelHandle = cardActions(cancel).find((a) => a.verb === VERBS.cancelConfirm)!.data.h;
  });

  // Every row has all four cells: jest treats a test function with more parameters than the row as done-style.
  const forged: [string, string, () => unknown, { conversationId?: string }][] = [
    ['unknown handle id', VERBS.showJob, () => ({ h: 'AAAAAAAAAAAAAAAAAAAAAA' }), {}],
    ['a malformed handle (too short)', VERBS.showJob, () => ({ h: 'abc' }), {}],
    ['a malformed handle (not a string)', VERBS.cancelConfirm, () => ({ h: 42 }), {}],
    ['a handle with path characters', VERBS.showJob, () => ({ h: '../../AAAAAAAAAAAAAAAAA' }), {}],
    ['no data at all', VERBS.cancelConfirm, () => undefined, {}],
    ['data as a bare string', VERBS.cancelConfirm, () => 'sec-t9-running', {}],
    ['extra keys {h, job}', VERBS.cancelConfirm, () => ({ h: cancelHandle, job: 'x' }), {}],
    ['extra keys {h, workspace}', VERBS.showJob, () => ({ h: jobHandle, workspace: 'prod' }), {}],
    ['a valid handle from another conversation', VERBS.cancelConfirm, () => ({ h: cancelHandle }), { conversationId: 'a:other-conv' }],
    ['a list-page handle with cancel.confirm', VERBS.cancelConfirm, () => ({ h: listPage }), {}],
    ['a job handle with cancel.confirm', VERBS.cancelConfirm, () => ({ h: jobHandle }), {}],
    ['a cancel handle with job.show', VERBS.showJob, () => ({ h: cancelHandle }), {}],
    ['a list-row index out of range (within the schema)', VERBS.showJob, () => ({ h: listPage, i: 24 }), {}],
    ['a list-row index out of range (beyond the schema)', VERBS.showJob, () => ({ h: listPage, i: 1000 }), {}],
    ['a negative list-row index', VERBS.showJob, () => ({ h: listPage, i: -1 }), {}],
  ];

  it.each(forged)('T9: %s → "out of date" error card, no Azure call, no state change', async (_name, verb, data, o) => {
    const before = await t.bot.deps.handles.get(cancelHandle);
    t.emulator.stats.reset();
    const r = await t.invoke(verb, data(), o);
    expect(r.status).toBe(200);
    expect(cardText(r.body.value)).toMatch(/out of date/i);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    const after = await t.bot.deps.handles.get(cancelHandle);
    expect(after?.etag).toBe(before?.etag);
    expect(after?.value).toEqual(before?.value);
  });

  it('T9: control: the untouched handles still work afterwards', async () => {
    const r = await t.invoke(VERBS.showJob, { h: listPage, i: 0 });
    expect(cardText(r.body.value)).not.toMatch(/out of date/i);
    expect(counts().jobGet).toBe(1);
    expect((await t.bot.deps.handles.get(cancelHandle))?.value).toMatchObject({ kind: 'cancel', state: 'pending' });
  });
});

describe('T15: ARM errors', () => {
  beforeAll(() => {
    t.emulator.addJob({ name: 'sec-t15-job', status: 'Running' });
  });

  it('T15: ARM 403 on show → names the missing permission, exactly one ARM call, no stack', async () => {
    t.emulator.faults.queue({ status: 403, scope: 'arm' });
    const text = said((await t.send('show sec-t15-job')).activities);
    expect(text).toContain(READ);
    expect(t.emulator.stats.snapshot().total).toBe(1);
    expectNoTrace(text);
  });

  it('T15: ARM 403 on list → names the missing permission, exactly one ARM call, no stack', async () => {
    t.emulator.faults.queue({ status: 403, scope: 'arm' });
    const text = said((await t.send('list')).activities);
    expect(text).toContain(READ);
    expect(t.emulator.stats.snapshot().total).toBe(1);
    expectNoTrace(text);
  });

  it('T15: 429 with Retry-After then success → the SDK retries and the user gets the card', async () => {
    t.emulator.faults.queue({ status: 429, retryAfter: 1, scope: 'arm' });
    const r = await t.send('show sec-t15-job');
    expect(cardText(firstCard(r.activities))).toContain('sec-t15-job');
    expect(counts().jobGet).toBe(2);
  });

  it('T15: persistent 5xx → a clear "try again" sentence with a ref id, bounded attempts', async () => {
    t.emulator.faults.set({ rate5xx: 1, scope: 'arm' });
    const text = said((await t.send('show sec-t15-job')).activities);
    t.emulator.faults.clear();
    expect(text).toMatch(/try again/i);
    expect(text).toMatch(/\(ref [0-9a-f]{8}\)/);
    expectNoTrace(text);
    // maxRetries 3: one call plus three retries, never a loop.
    expect(counts().jobGet).toBeLessThanOrEqual(4);
  }, 20_000);
});
