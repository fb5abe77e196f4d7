import { waitFor } from '../helpers/wait';
import { VERBS } from '../../src/cards/verbs';
import { createLogger } from '../../src/shared/logger';
import { callsTo, cancelsReceived, cardOf, requestId } from '../helpers/approval-harness';
import { RecordedCall } from '../helpers/connector-stand-in';
import { Card, USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

/**
 * T14 against Teams' deadline: under an ARM 429 storm longer than the turn may take, a cancel
 * confirm and an approval answer in time with an honest "still trying" card; the outcome then
 * arrives as the card updated in place plus a follow-up message; Azure sees exactly one cancel,
 * and a second press meanwhile starts nothing.
 */
const DEADLINE_MS = 1_000;
/** Storage writes and rendering on a shared two-core machine come on top of the deadline. */
const ANSWER_WITHIN_MS = DEADLINE_MS + 2_000;
const logs: string[] = [];
const t = useTestBot({
  env: { REPLY_DEADLINE_MS: String(DEADLINE_MS) },
  overrides: { logger: createLogger('warn', { write: (line: string) => void logs.push(line) }) },
});
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
});

/**
 * The storm: the next `n` ARM calls get 429 with Retry-After 3 s, which the SDK honours, so the
 * first Azure read succeeds only ~6 s later — six deadlines.
 */
function throttleArm(n = 2, retryAfter = 3): void {
  t.emulator.faults.queue(...Array.from({ length: n }, () => ({ status: 429, retryAfter, scope: 'arm' as const })));
}


async function timed<T>(f: () => Promise<T>): Promise<{ r: T; ms: number; at: number }> {
  const t0 = Date.now();
  const r = await f();
  return { r, ms: Date.now() - t0, at: Date.now() };
}

const azureCalls = (): number => t.emulator.stats.snapshot().total;
const textOf = (c: RecordedCall): string => String(c.body?.text ?? '');

function confirmData(card: Card): { h: string } {
  const a = cardActions(card).find((x) => x.verb === VERBS.cancelConfirm);
  if (!a) throw new Error(`no confirm button in ${cardText(card)}`);
  return a.data;
}

describe('cancel confirm under a long ARM 429 storm', () => {
  it('answers within the deadline with "still trying"; a second press starts nothing; the outcome updates the card and follows as a message; one cancel', async () => {
    const where = { conversationId: 'a:deadline-1' };
    t.emulator.addJob({ name: 'dl-cancel-1', status: 'Running', experimentName: 'exp-dl' });
    const data = confirmData(firstCard((await t.send('cancel dl-cancel-1', where)).activities));
    t.emulator.stats.reset();
    throttleArm();

    const first = await timed(() => t.invoke(VERBS.cancelConfirm, data, where));
    expect(first.r.status).toBe(200);
    expect(first.ms).toBeLessThan(ANSWER_WITHIN_MS);
    const text = cardText(first.r.body.value);
    expect(text).toContain('Cancelling dl-cancel-1… Azure ML is throttling us, still trying. This card updates when it is done.');
    // The facts come from the request, not from Azure (which is not answering); no Cancel button is left.
    expect(text).toContain('Experiment: exp-dl');
    expect(cardActions(first.r.body.value).map((a) => a.title)).toEqual(['Show job']);
    expect(text).not.toMatch(/\n\s+at |Error:|RestError/);

    const before = azureCalls();
    const again = await timed(() => t.invoke(VERBS.cancelConfirm, data, { ...where, user: USERS.marco }));
    expect(again.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(cardText(again.r.body.value)).toMatch(/Already in progress: Alice Operator pressed at .* UTC and I am still waiting for Azure ML/);
    expect(azureCalls()).toBe(before);

    const update = await waitFor(() => callsTo(t.connector, where.conversationId, 'PUT').find((c) => c.path.endsWith('/activities/card-1')), 20_000, 'the card updated in place');
    expect(update.at!).toBeGreaterThanOrEqual(first.at);
    expect(cardText(cardOf(update))).toMatch(/Cancel (requested|led) by Alice Operator/);
    const told = await waitFor(() => callsTo(t.connector, where.conversationId, 'POST').find((c) => textOf(c).includes('dl-cancel-1')), 20_000, 'the follow-up message');
    expect(textOf(told)).toMatch(/^Cancelled `dl-cancel-1` in `dev` as Alice Operator confirmed; it is now (CancelRequested|Canceled)\.$/);

    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
    expect(t.emulator.stats.snapshot().faults).toEqual({ 429: 2 });
    const trail = (await t.bot.deps.audit.forJob('dev', 'dl-cancel-1')).entries;
    expect(trail.find((e) => e.action === 'cancel.result')?.outcome).toMatch(/^cancelled: (CancelRequested|Canceled)$/);
    // A press after the outcome shows it, and still cancels nothing more.
    const later = await t.invoke(VERBS.cancelConfirm, data, where);
    expect(cardText(later.body.value)).toMatch(/Cancel (requested|led) by Alice Operator/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  }, 30_000);

  it('when Azure gives up, the card comes back with the error and a working button, and the message says so; nothing was cancelled', async () => {
    const where = { conversationId: 'a:deadline-2' };
    t.emulator.addJob({ name: 'dl-cancel-2', status: 'Running' });
    const data = confirmData(firstCard((await t.send('cancel dl-cancel-2', where)).activities));
    t.emulator.faults.set({ rate429: 1, retryAfterSeconds: 1, scope: 'arm' });

    const first = await timed(() => t.invoke(VERBS.cancelConfirm, data, where));
    expect(first.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(cardText(first.r.body.value)).toContain('Azure ML is throttling us, still trying');

    const update = await waitFor(() => callsTo(t.connector, where.conversationId, 'PUT').find((c) => c.path.endsWith('/activities/card-1')), 20_000, 'the card updated in place');
    const card = cardOf(update) as Card;
    expect(cardText(card)).toMatch(/The last attempt did not go through: Azure ML is throttling requests in `dev` right now\..*Press "Cancel job" to try again/s);
    expect(cardActions(card).map((a) => a.title)).toEqual(['Cancel job', 'Keep running']);
    const told = await waitFor(() => callsTo(t.connector, where.conversationId, 'POST').find((c) => textOf(c).includes('dl-cancel-2')), 20_000, 'the follow-up message');
    expect(textOf(told)).toMatch(/^The cancel of `dl-cancel-2` did not go through: Azure ML is throttling requests/);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);

    // Once the storm is over the same button cancels, once, within the deadline.
    t.emulator.faults.clear();
    const retry = await t.invoke(VERBS.cancelConfirm, confirmData(card), where);
    expect(cardText(retry.body.value)).toMatch(/Cancel (requested|led) by Alice Operator/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  }, 30_000);

  it('a follow-up Teams refuses is logged, and the message is still sent', async () => {
    const where = { conversationId: 'a:deadline-3' };
    t.emulator.addJob({ name: 'dl-cancel-3', status: 'Running' });
    const data = confirmData(firstCard((await t.send('cancel dl-cancel-3', where)).activities));
    throttleArm(1, 2);
    logs.length = 0;
    const first = await t.invoke(VERBS.cancelConfirm, data, where);
    expect(cardText(first.body.value)).toContain('still trying');
    // The next connector call is the in-place update: Teams refuses it.
    t.connector.failNext({ status: 403 });
    const told = await waitFor(() => callsTo(t.connector, where.conversationId, 'POST').find((c) => textOf(c).includes('dl-cancel-3')), 20_000, 'the follow-up message');
    expect(textOf(told)).toMatch(/^Cancelled `dl-cancel-3`/);
    // In order: the refused update first, then the message.
    expect(callsTo(t.connector, where.conversationId, 'PUT').map((c) => c.status)).toEqual([403]);
    expect(callsTo(t.connector, where.conversationId, 'PUT')[0]!.at!).toBeLessThanOrEqual(told.at!);
    // The update went through the outbox (R5.1), which logs the refusal and does not retry a 403.
    expect(logs.join('\n')).toContain('Teams refused delivery; not retried');
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  }, 30_000);
});

describe('approval under a long ARM 429 storm', () => {
  it('Approve answers within the deadline with "still trying"; a second press starts nothing; every copy and the requester get the outcome; one cancel', async () => {
    const conv = 'g:deadline-4';
    const where = { conversationType: 'groupChat' as const, conversationId: conv };
    t.emulator.addJob({ name: 'dl-prod-1', workspace: 'mlw-prod', status: 'Running' });
    await t.send('cancel dl-prod-1 in prod because runaway', { ...where, expectReplies: false });
    const id = requestId(callsTo(t.connector, conv, 'POST').map(cardOf).find(Boolean) as Card);
    const post = (await t.bot.deps.approvals.get(id))!.value.posts[0]!;
    t.emulator.stats.reset();
    throttleArm();

    const first = await timed(() => t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco }));
    expect(first.r.status).toBe(200);
    expect(first.ms).toBeLessThan(ANSWER_WITHIN_MS);
    const text = cardText(first.r.body.value);
    expect(text).toMatch(/Approved by Marco Manager at .* — carrying out the cancel…/);
    expect(text).toContain('Azure ML is throttling us, still trying. This card updates when it is done.');
    expect(cardActions(first.r.body.value).filter((a) => a.verb !== VERBS.approvalRefresh)).toEqual([]);
    // The decision was stored before any Azure call.
    expect((await t.bot.deps.approvals.get(id))?.value.state).toBe('approved');

    const before = azureCalls();
    const again = await timed(() => t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco }));
    expect(again.ms).toBeLessThan(ANSWER_WITHIN_MS);
    expect(cardText(again.r.body.value)).toMatch(/Already in progress: Marco Manager pressed at .* UTC/);
    expect(azureCalls()).toBe(before);

    const toPost = (): RecordedCall[] => callsTo(t.connector, conv, 'PUT').filter((c) => c.path.endsWith(`/activities/${post.activityId}`));
    const done = await waitFor(() => toPost().find((c) => /Cancelled \(/.test(cardText(cardOf(c)))), 20_000, 'the posted card with the outcome');
    expect(cardText(cardOf(done))).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager at .*, requested by Alice Operator/);
    // Every copy first said "still trying", and the outcome came last.
    expect(cardText(cardOf(toPost()[0]!))).toContain('still trying');
    const puts = toPost();
    expect(puts[puts.length - 1]).toBe(done);
    const told = await waitFor(() => callsTo(t.connector, conv, 'POST').find((c) => textOf(c).includes('Your request to cancel `dl-prod-1`')), 20_000, 'the message to the requester');
    expect(textOf(told)).toMatch(/was approved by Marco Manager; the job is now (CancelRequested|Canceled)\./);

    expect(cancelsReceived(t.emulator)).toBe(1);
    expect((await t.bot.deps.approvals.get(id))?.value.state).toBe('done');
    const trail = (await t.bot.deps.audit.forJob('prod', 'dl-prod-1')).entries;
    expect(trail.filter((e) => e.action === 'approval.approved')).toHaveLength(1);
    expect(trail.find((e) => e.action === 'azure.cancel')?.outcome).toMatch(/^status (CancelRequested|Canceled)$/);
  }, 30_000);
});
