import { VERBS } from '../../src/cards/verbs';
import { HANDLE_ID } from '../../src/actions/handle-store';
import { USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';
import { MeAttachment, composeActivity, search } from '../helpers/compose-extension';

/** Issue 16.2: search jobs from the compose box and insert a job's card. */

const t = useTestBot();
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
});

const titles = (attachments: MeAttachment[] | undefined): string[] => (attachments ?? []).map((a) => a.preview?.content.title ?? '');
const subtitles = (attachments: MeAttachment[] | undefined): string[] => (attachments ?? []).map((a) => a.preview?.content.subtitle ?? '');

describe('search', () => {
  it('opening the extension (initialRun) lists the newest jobs of the default workspace from one ARM page', async () => {
    const r = await search(t, { initialRun: 'true' });
    expect(r.status).toBe(200);
    expect(r.result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    expect(r.result.attachments).toHaveLength(10);
    const handles = new Set<string>();
    r.result.attachments!.forEach((a, i) => {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(a.preview?.contentType).toBe('application/vnd.microsoft.card.thumbnail');
      expect(a.preview?.content.subtitle).toMatch(/ · dev$/);
      // No tap: choosing inserts this card (the Agents Playground refuses results with taps).
      expect(a.preview?.content.tap).toBeUndefined();
      expect(cardText(a.content)).toContain(a.preview!.content.title!);
      // Like a list card's rows: one opaque handle for the search, the row's index, never a job name.
      const [details] = cardActions(a.content);
      expect(details).toEqual({ title: 'Details', verb: VERBS.showJob, data: { h: expect.stringMatching(HANDLE_ID), i } });
      handles.add(details!.data.h);
    });
    expect(handles.size).toBe(1);
    expect(t.emulator.stats.snapshot().counts).toEqual({ jobsList: 1 });
  });

  it('"failed in prod" gives prod\'s failed jobs with their status, using list\'s filters', async () => {
    const r = await search(t, { query: 'failed in prod' });
    expect(r.result.attachments!.length).toBeGreaterThan(0);
    expect(subtitles(r.result.attachments).every((s) => s === '❌ Failed · prod')).toBe(true);
    // The same jobs `list` shows for the same filter on that first page.
    const listed = cardText(firstCard((await t.send('list in prod status=Failed top=10')).activities));
    for (const name of titles(r.result.attachments)) expect(listed).toContain(name);
    expect(t.emulator.stats.snapshot().counts.jobsList).toBeGreaterThanOrEqual(2);
  });

  it('a name or experiment fragment narrows the list; `key=value` filters work as in list', async () => {
    const gbm = await search(t, { query: 'GBM in prod' });
    expect(titles(gbm.result.attachments).length).toBeGreaterThan(0);
    expect(titles(gbm.result.attachments).every((n) => n.includes('gbm'))).toBe(true);
    const typed = await search(t, { query: 'in prod type=Pipeline' });
    expect(titles(typed.result.attachments).every((n) => n.startsWith('pipe-'))).toBe(true);
  });

  it('needs no more than `list` does: anyone in the tenant, on no operator list, may search prod', async () => {
    const listed = await t.send('list in prod', { user: USERS.eve });
    expect(cardText(firstCard(listed.activities))).toContain('Jobs in prod');
    const r = await search(t, { workspace: 'prod' }, { user: USERS.eve });
    expect(r.result.attachments!.length).toBeGreaterThan(0);
  });

  it('the workspace parameter picks the workspace, also by the start of its name', async () => {
    const full = await search(t, { workspace: 'prod' });
    expect(subtitles(full.result.attachments).every((s) => s.endsWith(' · prod'))).toBe(true);
    const start = await search(t, { workspace: 'pr' });
    expect(titles(start.result.attachments)).toEqual(titles(full.result.attachments));
    const unknown = await search(t, { workspace: 'staging' });
    expect(unknown.result).toEqual({ type: 'message', text: 'No workspace called "staging". Workspaces: dev, prod.' });
  });

  it('says clearly when no jobs match, and when the search itself is wrong', async () => {
    const none = await search(t, { query: 'zzz-nothing' });
    expect(none.result.type).toBe('message');
    expect(none.result.text).toMatch(/^No jobs match "zzz-nothing" in dev \(I looked at the newest 10\)\./);
    const bad = await search(t, { query: 'since=yesterday' });
    expect(bad.result).toEqual({ type: 'message', text: expect.stringContaining('since=12h') });
  });

  it('a client that names no command or parameter (the Playground by default) searches with what was typed', async () => {
    const r = await t.post(composeActivity(t, 'composeExtension/query', { parameters: [{ value: 'failed in prod' }], queryOptions: { skip: 0, count: 25 } }));
    const result = (JSON.parse(r.text) as { composeExtension: { attachments: MeAttachment[] } }).composeExtension;
    expect(result.attachments.length).toBeGreaterThan(0);
    expect(subtitles(result.attachments).every((x) => x === '❌ Failed · prod')).toBe(true);
  });

  it('Teams asking for a further page (skip) gets nothing more and costs nothing', async () => {
    const r = await search(t, { query: 'train' }, { skip: 25 });
    expect(r.result).toEqual({ type: 'result', attachmentLayout: 'list', attachments: [] });
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });

  it('Azure refusing the list (403) is a sentence naming the missing permission', async () => {
    t.emulator.faults.queue({ status: 403, op: 'jobsList', code: 'AuthorizationFailed' });
    const r = await search(t, { query: 'failed' });
    expect(r.result.type).toBe('message');
    expect(r.result.text).toMatch(/not allowed to list jobs in `dev`.*jobs\/read/);
  });

  it.each([
    ['parameters that are not a list', { commandId: 'searchJobs', parameters: 'failed' }],
    ['another command', { commandId: 'deleteEverything', parameters: [] }],
    ['no value', undefined],
  ])('a malformed request (%s) gets a message, not an error', async (_what, value) => {
    const r = await t.post(composeActivity(t, 'composeExtension/query', value));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ composeExtension: { type: 'message', text: expect.stringMatching(/^I could not read that search\./) } });
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});

describe('choosing a result', () => {
  const thread = { conversationType: 'channel' as const, conversationId: '19:incidents@thread.tacv2;messageid=42' };

  it('inserts its job card; Details opens the show card from the conversation it was sent to', async () => {
    const list = await search(t, { query: 'failed in prod' });
    const chosen = list.result.attachments![0]!;
    const text = cardText(chosen.content);
    expect(text).toContain(chosen.preview!.content.title!);
    expect(text).toContain('❌ Failed');
    expect(text).toContain('Workspace: prod (production)');
    expect(text).toMatch(/Submitter: \S/);
    t.emulator.stats.reset();
    const details = cardActions(chosen.content).find((b) => b.title === 'Details')!;
    const shown = await t.invoke(details.verb, details.data, thread);
    expect(cardText(shown.body.value)).toContain(chosen.preview!.content.title!);
    expect(cardActions(shown.body.value).map((b) => b.verb)).toEqual(expect.arrayContaining([VERBS.summary, VERBS.refreshJob]));
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(1);
  });

  it('sending the inserted card in the chat with JobOps itself is not taken for a command', async () => {
    const chosen = (await search(t, { query: 'resnet' }, { conversationType: 'personal' })).result.attachments![0]!;
    const r = await t.send('', { extra: { attachments: [{ contentType: chosen.contentType, content: chosen.content }] } });
    expect(r).toEqual({ status: 200, activities: [] });
    // Plain empty text is still answered, as before.
    expect((await t.send(' ')).activities[0]?.text).toBe('Say a command.');
  });

  it.each([
    ['pressed in another conversation', 'elsewhere'],
    ['with a row the search did not show', 'row'],
    ['with a job name added', 'extra'],
  ])('an inserted card %s is out of date and reads nothing', async (_what, how) => {
    const list = await search(t, { query: 'resnet' });
    expect(list.result.attachments).toHaveLength(1);
    const details = cardActions(list.result.attachments![0]!.content)[0]!;
    t.emulator.stats.reset();
    const data = how === 'row' ? { ...details.data, i: 9 } : how === 'extra' ? { ...details.data, job: 'pipe-retrain-prod-16' } : details.data;
    const r = await t.invoke(details.verb, data, how === 'elsewhere' ? { conversationId: 'a:other-chat' } : thread);
    expect(cardText(r.body.value)).toContain('Card out of date');
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});
