import { VERBS } from '../../src/cards/verbs';
import { STALE_RESULT } from '../../src/message-extensions/select-job';
import { USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';
import { MeAttachment, composeActivity, search, selectItem } from '../helpers/compose-extension';

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
    for (const a of r.result.attachments!) {
      expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(a.preview?.contentType).toBe('application/vnd.microsoft.card.thumbnail');
      expect(a.preview?.content.subtitle).toMatch(/ · dev$/);
      // Choosing a result sends its tap back (selectItem): an opaque handle and a row, never a job name.
      expect(a.preview?.content.tap).toEqual({ type: 'invoke', title: a.preview?.content.title, value: { h: expect.stringMatching(/^[\w-]{22}$/), i: expect.any(Number) } });
    }
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
  it('inserts the job card, read again (one ARM GET), with buttons that work as on show', async () => {
    const list = await search(t, { query: 'failed in prod' });
    const chosen = list.result.attachments![0]!;
    t.emulator.stats.reset();
    const r = await selectItem(t, chosen.preview!.content.tap!.value);
    expect(r.result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    const card = r.result.attachments![0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(card.content)).toContain(chosen.preview!.content.title!);
    expect(cardText(card.content)).toContain('❌ Failed');
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(1);
    const details = cardActions(card.content).find((b) => b.title === 'Details')!;
    const shown = await t.invoke(details.verb, details.data, { conversationType: 'channel', conversationId: '19:incidents@thread.tacv2;messageid=42' });
    expect(cardText(shown.body.value)).toContain(`${chosen.preview!.content.title!}`);
    expect(cardActions(shown.body.value).map((b) => b.verb)).toEqual(expect.arrayContaining([VERBS.summary, VERBS.refreshJob]));
  });

  it('a client that inserts the result as it is still gets a card whose Details button opens the job', async () => {
    const list = await search(t, { query: 'resnet' });
    const inserted = list.result.attachments![0]!.content;
    const details = cardActions(inserted).find((b) => b.title === 'Details')!;
    expect(details.data).toEqual({ h: expect.any(String), i: 0 });
    const shown = await t.invoke(details.verb, details.data, { conversationType: 'channel', conversationId: '19:incidents@thread.tacv2' });
    expect(cardText(shown.body.value)).toContain(list.result.attachments![0]!.preview!.content.title!);
  });

  it('sending the inserted card in the chat with JobOps itself is not taken for a command', async () => {
    const chosen = (await search(t, { query: 'resnet' }, { conversationType: 'personal' })).result.attachments![0]!;
    const r = await t.send('', { extra: { attachments: [{ contentType: chosen.contentType, content: chosen.content }] } });
    expect(r).toEqual({ status: 200, activities: [] });
    // Plain empty text is still answered, as before.
    expect((await t.send(' ')).activities[0]?.text).toBe('Say a command.');
  });

  it.each([
    ['from another conversation', 'elsewhere'],
    ['with an extra key', 'extra'],
    ['with a row the search did not show', 'row'],
    ['with a made-up handle', 'made-up'],
  ])('a forged or stale choice (%s) is refused with a message, audited, and reads nothing', async (_what, how) => {
    const list = await search(t, { query: 'resnet' });
    expect(list.result.attachments).toHaveLength(1);
    const tap = list.result.attachments![0]!.preview!.content.tap!.value as { h: string; i: number };
    t.emulator.stats.reset();
    const from = t.bot.deps.now();
    const value = how === 'extra' ? { ...tap, job: 'pipe-retrain-prod-16' } : how === 'row' ? { ...tap, i: 9 } : how === 'made-up' ? { h: 'A'.repeat(22), i: 0 } : tap;
    const r = await selectItem(t, value, how === 'elsewhere' ? { conversationId: 'a:other-chat', conversationType: 'personal' } : undefined);
    expect(r.result).toEqual({ type: 'message', text: STALE_RESULT });
    expect(t.emulator.stats.snapshot().total).toBe(0);
    const audit = await t.bot.deps.audit.since(from);
    expect(audit.some((e) => e.action === 'card.rejected' && e.detail?.verb === 'composeExtension/selectItem')).toBe(true);
  });
});
