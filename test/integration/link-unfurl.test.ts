import fs from 'node:fs';
import path from 'node:path';
import { VERBS } from '../../src/cards/verbs';
import { NOT_SERVED_TEXT } from '../../src/message-extensions/unfurl-link';
import { USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';
import { studioLink, unfurl } from '../helpers/compose-extension';
import { writeLocalConfig } from '../helpers/local-config';
import { waitFor } from '../helpers/wait';

/** Issue 16.1: a pasted Azure ML Studio job link unfurls into the job's card, or into nothing. */

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const configFile = writeLocalConfig('jobops-unfurl-', (cfg) => {
  cfg.tenantId = TENANT;
});
afterAll(() => fs.rmSync(path.dirname(configFile), { recursive: true, force: true }));

// A short reply deadline so the "Azure is slow" case does not hold the suite for seconds.
const t = useTestBot({ env: { JOBOPS_CONFIG: configFile, REPLY_DEADLINE_MS: '1500' } });
const inTenant = { tenantId: TENANT };
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
});

describe('a Studio link to a job in a served workspace', () => {
  it('unfurls into the compact job card with a preview, from one ARM GET', async () => {
    const r = await unfurl(t, studioLink('train-fraud-gbm-prod-22', 'mlw-prod', `&tid=${TENANT}`), inTenant);
    expect(r.status).toBe(200);
    expect(r.result).toMatchObject({ type: 'result', attachmentLayout: 'list' });
    expect(r.result.attachments).toHaveLength(1);
    const a = r.result.attachments![0]!;
    expect(a.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const text = cardText(a.content);
    expect(text).toContain('train-fraud-gbm-prod-22');
    expect(text).toMatch(/Running|Queued|Starting|Preparing/);
    expect(text).toContain('Workspace: prod (production)');
    expect(text).toContain('Type: Command');
    expect(text).toMatch(/Submitter: \S/);
    expect(a.preview).toMatchObject({ contentType: 'application/vnd.microsoft.card.thumbnail', content: { title: 'train-fraud-gbm-prod-22' } });
    expect(a.preview!.content.subtitle).toContain('prod');
    // A live status: Teams must not keep it for its default 30 minutes.
    expect(r.result.suggestedActions?.actions).toEqual([expect.objectContaining({ type: 'setCachePolicy', value: '{"type":"no-cache"}' })]);
    expect(t.emulator.stats.snapshot().counts).toEqual({ jobGet: 1 });
  });

  it('a failed job shows its failure category and headline (plus the run\'s error from the data plane)', async () => {
    const r = await unfurl(t, `https://ml.azure.com/experiments/fraud-gbm/runs/train-fraud-gbm-prod-20?wsid=${encodeURIComponent('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/jobops-local/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod')}`, inTenant);
    const text = cardText(r.result.attachments![0]!.content);
    expect(text).toContain('❌ Failed');
    expect(text).toMatch(/memory/i);
    // One ARM GET; the data plane for the run's error (its host found once per workspace, then cached).
    const c = t.emulator.stats.snapshot().counts;
    expect(c).toMatchObject({ jobGet: 1, runGet: 1 });
    expect(c.jobsList).toBeUndefined();
  });

  it('its buttons work as on show, for anyone in the conversation it was sent to: Summary gives the summary card, Details the show card', async () => {
    const conversationId = '19:incidents@thread.tacv2;messageid=1717000000000';
    const r = await unfurl(t, studioLink('train-fraud-gbm-prod-20', 'mlw-prod'), { ...inTenant, conversationId });
    const buttons = cardActions(r.result.attachments![0]!.content);
    expect(buttons.map((b) => [b.title, b.verb])).toEqual([['Summary', VERBS.summary], ['Details', VERBS.showJob]]);
    expect(JSON.stringify(buttons)).not.toContain('train-fraud');
    const [summary, details] = buttons;
    // Alice pasted the link; Marco and Eve (on no list: reading needs nothing more) press its buttons in that thread.
    const inThread = { ...inTenant, conversationId, conversationType: 'channel' as const };
    const s = await t.invoke(summary!.verb, summary!.data, { ...inThread, user: USERS.marco });
    expect(cardText(s.body.value)).toMatch(/train-fraud-gbm-prod-20[\s\S]*(memory|log)/i);
    const d = await t.invoke(details!.verb, details!.data, { ...inThread, user: USERS.eve });
    expect(cardText(d.body.value)).toContain('Compute: ');
    expect(cardActions(d.body.value).map((b) => b.title)).toEqual(expect.arrayContaining(['Summary', 'Refresh']));
    // The same button pressed by Eve from another conversation is refused (handles are bound to theirs).
    const elsewhere = await t.invoke(details!.verb, details!.data, { ...inTenant, user: USERS.eve, conversationId: 'a:someone-else' });
    expect(cardText(elsewhere.body.value)).toContain('Card out of date');
  });

  it('is an Adaptive Card 1.3 (what Teams documents for unfurls) whose buttons also work as Action.Submit', async () => {
    const conversationId = '19:incidents@thread.tacv2;messageid=1717000000001';
    const r = await unfurl(t, studioLink('train-fraud-gbm-prod-20', 'mlw-prod'), { ...inTenant, conversationId });
    const content = r.result.attachments![0]!.content as unknown as { version: string; actions: { type: string; title: string; fallback?: { type: string; data: Record<string, unknown> } }[] };
    expect(content.version).toBe('1.3');
    const details = content.actions.find((a) => a.title === 'Details')!;
    expect(details.fallback).toEqual({ type: 'Action.Submit', title: 'Details', data: { verb: VERBS.showJob, h: expect.any(String) } });
    // A client that renders the fallback sends a message carrying its data; the answer is the show card, as a reply.
    const inThread = { tenantId: TENANT, conversationId, conversationType: 'channel' as const };
    const pressed = await t.send('', { ...inThread, user: USERS.eve, extra: { value: details.fallback!.data } });
    expect(cardText(firstCard(pressed.activities))).toContain('Compute: ');
    // Bound to its conversation like the Action.Execute button: pressed from elsewhere, nothing is read.
    t.emulator.stats.reset();
    const elsewhere = await t.send('', { tenantId: TENANT, conversationId: 'a:someone-else', extra: { value: details.fallback!.data } });
    expect(cardText(firstCard(elsewhere.activities))).toContain('Card out of date');
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });

  it('is cached per link for a minute: pasting it again reads nothing, a minute later it is read again', async () => {
    const link = studioLink('pipe-retrain-prod-17', 'mlw-prod');
    await unfurl(t, link, inTenant);
    const again = await unfurl(t, `${link}&tid=${TENANT}`, inTenant);
    expect(cardText(again.result.attachments![0]!.content)).toContain('pipe-retrain-prod-17');
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(1);
    t.emulator.clock.advance(61_000);
    await unfurl(t, link, inTenant);
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(2);
  });
});

describe('links that must not unfurl into a job', () => {
  it('a workspace JobOps is not configured for: a short preview, no Azure call, no job data', async () => {
    // train-resnet50-nightly exists in dev; the link names another workspace, so dev must not answer for it.
    const r = await unfurl(t, studioLink('train-resnet50-nightly', 'mlw-staging'), inTenant);
    expect(r.status).toBe(200);
    const a = r.result.attachments![0]!;
    expect(a.contentType).toBe('application/vnd.microsoft.card.thumbnail');
    expect(a.content.text).toBe(NOT_SERVED_TEXT);
    expect(a.preview?.content.text).toBe(NOT_SERVED_TEXT);
    expect(JSON.stringify(r.result)).not.toMatch(/resnet|Running|Completed|Failed/);
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });

  it('a served workspace in another tenant (tid) is not served either', async () => {
    const r = await unfurl(t, studioLink('train-fraud-gbm-prod-22', 'mlw-prod', '&tid=11111111-2222-3333-4444-555555555555'), inTenant);
    expect(r.result.attachments![0]!.content.text).toBe(NOT_SERVED_TEXT);
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });

  it('a job that is not in the linked workspace unfurls to nothing: read in that workspace only', async () => {
    // pipe-retrain-prod-16 is a prod job; the link says dev. One GET in dev (404), none in prod.
    const r = await unfurl(t, studioLink('pipe-retrain-prod-16', 'mlw-dev'), inTenant);
    expect(r).toEqual({ status: 200, result: { type: 'result', attachmentLayout: 'list', attachments: [] } });
    expect(t.emulator.stats.snapshot().counts).toEqual({ jobGet: 1 });
  });

  it('a job the bot may not read (403) unfurls to nothing', async () => {
    t.emulator.faults.queue({ status: 403, op: 'jobGet', code: 'AuthorizationFailed' });
    const forbidden = await unfurl(t, studioLink('export-onnx-prod-5', 'mlw-prod'), inTenant);
    expect(forbidden).toEqual({ status: 200, result: expect.objectContaining({ attachments: [] }) });
  });

  it('Azure throttling (429) that outlasts the retries unfurls to nothing, and the next paste asks again', async () => {
    const throttled = Array.from({ length: 4 }, () => ({ status: 429, retryAfter: 0, op: 'jobGet' as const }));
    t.emulator.faults.queue(...throttled);
    const link = studioLink('automl-fraud-tabular-3', 'mlw-prod');
    const r = await unfurl(t, link, inTenant);
    expect(r).toEqual({ status: 200, result: { type: 'result', attachmentLayout: 'list', attachments: [] } });
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(4);
    // Throttling is not an answer about the job: it is not cached, and the next paste gets the card.
    const again = await unfurl(t, link, inTenant);
    expect(cardText(again.result.attachments![0]!.content)).toContain('automl-fraud-tabular-3');
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(5);
  });

  it('Azure failing (500 on every retry) unfurls to nothing, never an error; the next paste gets the card', async () => {
    t.emulator.faults.queue(...Array.from({ length: 4 }, () => ({ status: 500, op: 'jobGet' as const })));
    const link = studioLink('pipe-retrain-prod-15', 'mlw-prod');
    const r = await unfurl(t, link, inTenant);
    expect(r).toEqual({ status: 200, result: { type: 'result', attachmentLayout: 'list', attachments: [] } });
    // The SDK's backoff may outlast the reply deadline: wait until every retry has been answered.
    await waitFor(() => (t.emulator.stats.snapshot().counts.jobGet ?? 0) >= 4, 15_000, 'the retried job reads');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = await unfurl(t, link, inTenant);
    expect(cardText(again.result.attachments![0]!.content)).toContain('pipe-retrain-prod-15');
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(5);
  }, 30_000);

  it('a slow Azure unfurls to nothing within the deadline; the read carries on and the next paste gets the card', async () => {
    t.emulator.faults.queue({ timeoutMs: 2_500, op: 'jobGet' });
    const link = studioLink('batch-score-prod-nightly-301', 'mlw-prod');
    const slow = await unfurl(t, link, inTenant);
    expect(slow).toEqual({ status: 200, result: expect.objectContaining({ attachments: [] }) });
    // The dropped call is retried by the SDK; its answer lands in the per-link cache.
    await waitFor(() => (t.emulator.stats.snapshot().counts.jobGet ?? 0) >= 2, 15_000, 'the retried job read');
    const next = await waitFor(async () => {
      const r = await unfurl(t, link, inTenant);
      return r.result.attachments?.length ? r : undefined;
    }, 5_000, 'the cached card');
    expect(cardText(next.result.attachments![0]!.content)).toContain('batch-score-prod-nightly-301');
    expect(t.emulator.stats.snapshot().counts.jobGet).toBe(2);
  }, 30_000);

  it.each([
    ['a Studio page that is not a job', 'https://ml.azure.com/home?wsid=/subscriptions/x/resourcegroups/y/workspaces/z'],
    ['a look-alike host', 'https://ml.azure.com.example.net/runs/j1?wsid=/subscriptions/0/resourcegroups/y/workspaces/z'],
    ['no url at all', undefined],
    ['a url that is not a string', { href: 'https://ml.azure.com' }],
  ])('%s: nothing, and no Azure call', async (_what, url) => {
    const r = await unfurl(t, url, inTenant);
    expect(r).toEqual({ status: 200, result: { type: 'result', attachmentLayout: 'list', attachments: [] } });
    expect(t.emulator.stats.snapshot().total).toBe(0);
  });

  it('an unfurl request from another tenant gets 403, reads nothing and is audited (R1.4)', async () => {
    const from = t.bot.deps.now();
    const r = await unfurl(t, studioLink('train-fraud-gbm-prod-22', 'mlw-prod'), { tenantId: 'tenant-2' });
    expect(r.status).toBe(403);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    const audit = (await t.bot.deps.audit.since(from)).filter((e) => e.action === 'tenant.rejected');
    expect(audit.map((e) => e.detail)).toEqual([expect.objectContaining({ tenant: 'tenant-2', type: 'invoke' })]);
  });
});
