import { VERBS } from '../../src/cards/verbs';
import { READ_HANDLE } from '../../src/actions/read-handles';
import { USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';
import { MeAttachment, composeActivity, search, studioLink, unfurl } from '../helpers/compose-extension';
import { WriteCounter } from '../helpers/counting-store';

/** Issue 16.2: search jobs from the compose box and insert a job's card (refusals and Azure failures: compose-search-failures). */

const writes = new WriteCounter();
const t = useTestBot({ wrapStore: (s) => writes.wrap(s) });
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
  writes.reset();
});

const titles = (attachments: MeAttachment[] | undefined): string[] => (attachments ?? []).map((a) => a.preview?.content.title ?? '');
const subtitles = (attachments: MeAttachment[] | undefined): string[] => (attachments ?? []).map((a) => a.preview?.content.subtitle ?? '');
/** Runs `fn` with the emulator answering job lists in pages of `size` (10 otherwise, the size Azure ML uses). */
async function withPageSize<T>(size: number, fn: () => Promise<T>): Promise<T> {
  const before = t.emulator.settings.pageSize;
  t.emulator.settings.pageSize = size;
  try {
    return await fn();
  } finally {
    t.emulator.settings.pageSize = before;
  }
}
/** The failure category and headline block of a shared job card (the attention container), if it has one. */
const failureBlock = (card: unknown): unknown => (card as { body: { type: string; style?: string }[] }).body.find((e) => e.type === 'Container' && e.style === 'attention');

describe('search', () => {
  it('opening the extension (initialRun) lists the newest jobs of the default workspace from one ARM page, storing nothing', async () => {
    const r = await search(t, { initialRun: 'true' });
    expect(r.status).toBe(200);
    expect(r.result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    expect(r.result.attachments).toHaveLength(10);
    const handles = new Set<string>();
    for (const a of r.result.attachments!) {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(a.preview?.contentType).toBe('application/vnd.microsoft.card.thumbnail');
      expect(a.preview?.content.subtitle).toMatch(/ · dev$/);
      // No tap: choosing inserts this card (the Agents Playground refuses results with taps).
      expect(a.preview?.content.tap).toBeUndefined();
      expect(cardText(a.content)).toContain(a.preview!.content.title!);
      // Read-only buttons with a sealed read handle of their own: no job name in clear beside it, nothing stored.
      const buttons = cardActions(a.content);
      expect(buttons.map((b) => [b.title, b.verb])).toEqual([['Summary', VERBS.summary], ['Details', VERBS.showJob]]);
      expect(buttons[0]!.data).toEqual({ h: expect.stringMatching(READ_HANDLE) });
      expect(buttons[1]!.data).toEqual(buttons[0]!.data);
      handles.add(buttons[0]!.data.h);
    }
    expect(handles.size).toBe(10);
    expect(t.emulator.stats.snapshot().counts).toEqual({ jobsList: 1 });
    // Every keystroke is a query: none of them may store a handle for its buttons (issue 13's stored records did).
    await search(t, { query: 'tr' });
    await search(t, { query: 'train' });
    expect(writes.writes.filter((w) => w.collection === 'handles')).toEqual([]);
  });

  it('gives at most 10 results from one ARM page, even when that page holds more matching jobs', async () => {
    await withPageSize(50, async () => {
      // The page the search reads has more than 10 jobs, so the limit is what cuts the results, not the page.
      const page = await t.bot.deps.azureml.listJobsPage(t.config.workspaces.dev!, {});
      expect(page.jobs.length).toBeGreaterThan(10);
      t.emulator.stats.reset();
      const r = await search(t, { initialRun: 'true' });
      expect(titles(r.result.attachments)).toEqual(page.jobs.slice(0, 10).map((j) => j.name));
      // `list` would show 25 for top=25; a compose-box result list stops at 10.
      const more = await search(t, { query: 'top=25' });
      expect(titles(more.result.attachments)).toEqual(page.jobs.slice(0, 10).map((j) => j.name));
      const fewer = await search(t, { query: 'top=3' });
      expect(fewer.result.attachments).toHaveLength(3);
      expect(t.emulator.stats.snapshot().counts).toEqual({ jobsList: 3 });
    });
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

  it('finds a job by its experiment alone', async () => {
    // serve-model-refresh-203 runs in experiment "model-serving"; "serving" is in neither its name nor its display name.
    const r = await search(t, { query: 'serving in prod' });
    expect(titles(r.result.attachments)).toEqual(['serve-model-refresh-203']);
    expect(cardText(r.result.attachments![0]!.content)).toContain('Experiment: model-serving');
  });

  it('a failed job\'s card has the same failure headline as its unfurled link when the list carries the error, at no extra call', async () => {
    // An AutoML job: ARM returns its error with the job, so the list page already has what the unfurl shows.
    // It is older than dev's newest 10, hence the larger page.
    const r = await withPageSize(50, () => search(t, { query: 'automl-churn failed' }));
    expect(titles(r.result.attachments)).toEqual(['automl-churn-classify-2']);
    const searched = r.result.attachments![0]!.content;
    expect(failureBlock(searched)).toBeDefined();
    expect(t.emulator.stats.snapshot().counts).toEqual({ jobsList: 1 });
    const unfurled = await unfurl(t, studioLink('automl-churn-classify-2', 'mlw-dev'));
    expect(failureBlock(unfurled.result.attachments![0]!.content)).toEqual(failureBlock(searched));
    // A job whose error is only in the data plane: no headline in the results rather than a call per failed row.
    t.emulator.stats.reset();
    const prod = await search(t, { query: 'failed in prod' });
    expect(prod.result.attachments!.length).toBeGreaterThan(1);
    expect(t.emulator.stats.snapshot().counts).toEqual({ jobsList: 1 });
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

  it('Summary works for anyone else in the conversation the card was sent to', async () => {
    const chosen = (await search(t, { query: 'serve-model in prod' })).result.attachments![0]!;
    const summary = cardActions(chosen.content).find((b) => b.title === 'Summary')!;
    const r = await t.invoke(summary.verb, summary.data, { ...thread, user: USERS.eve });
    expect(cardText(r.body.value)).toContain('serve-model-refresh-203');
    expect(cardText(r.body.value)).not.toContain('Card out of date');
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
    const details = cardActions(list.result.attachments![0]!.content).find((b) => b.title === 'Details')!;
    t.emulator.stats.reset();
    const data = how === 'row' ? { ...details.data, i: 9 } : how === 'extra' ? { ...details.data, job: 'pipe-retrain-prod-16' } : details.data;
    const r = await t.invoke(details.verb, data, how === 'elsewhere' ? { conversationId: 'a:other-chat' } : thread);
    expect(cardText(r.body.value)).toContain('Card out of date');
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });
});
