import { VERBS } from '../../src/cards/verbs';
import { TestBot, USERS, cardActions, cardText, firstCard, startTestBot } from '../helpers/test-bot';
import { Client, NINA, TWO_APPROVERS, callsTo, clientFor, cancelsReceived, cardOf, delivered, requestId, writeConfig } from '../helpers/approval-harness';
import { RecordedCall } from '../helpers/connector-stand-in';

/** T10 (single use), withdraw, the Action.Submit fallback and in-place card updates, with two approvers. */
let t: TestBot;
let c: Client;
beforeAll(async () => {
  t = await startTestBot({ env: { JOBOPS_CONFIG: writeConfig(TWO_APPROVERS) } });
  c = clientFor(t.bot.url, t.connector.url);
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
});

const GROUP = { conversationType: 'groupChat' as const };
const state = async (id: string): Promise<string | undefined> => (await t.bot.deps.approvals.get(id))?.value.state;

async function ask(job: string, conversationId: string): Promise<string> {
  t.emulator.addJob({ name: job, workspace: 'mlw-prod', status: 'Running' });
  return requestId(firstCard((await t.send(`cancel ${job} in prod`, { ...GROUP, conversationId })).activities));
}

describe('T10: single use', () => {
  it('T10: approving twice cancels once; the second press shows who already approved', async () => {
    const where = { ...GROUP, conversationId: 'g:dec-1' };
    const id = await ask('dec-run-1', 'g:dec-1');
    await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco });
    const again = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco });
    expect(cardText(again.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    // The Status fact is the status read back after the cancel, not the "Running" of when it was asked.
    expect(cardText(again.body.value)).toMatch(/Status\W+(⏹️ )?(CancelRequested|Canceled)/);
    expect(cardText(again.body.value)).not.toMatch(/Runtime so far/);
    const other = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: NINA });
    expect(cardText(other.body.value)).toMatch(/approved by Marco Manager/);
    expect(cardActions(other.body.value).filter((a) => a.verb !== VERBS.approvalRefresh)).toEqual([]);
    expect(cancelsReceived(t.emulator)).toBe(1);
  });

  it('T10: a replayed invoke (the same activity posted again, later) is a no-op returning the current state', async () => {
    const id = await ask('dec-run-2', 'g:dec-2');
    const body = {
      type: 'invoke', name: 'adaptiveCard/action', id: 'replayed-1', replyToId: 'card-1', channelId: 'msteams', serviceUrl: t.connector.url,
      from: NINA, recipient: { id: '28:jobops' }, conversation: { id: 'g:dec-2', conversationType: 'groupChat', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } }, value: { action: { type: 'Action.Execute', verb: VERBS.approvalApprove, data: { h: id } }, trigger: 'manual' },
    };
    const first = await t.post(body);
    t.emulator.clock.advance(5 * 60_000);
    const replays = await Promise.all([t.post(body), t.post(body)]);
    expect(cardText((JSON.parse(first.text) as { value: unknown }).value)).toMatch(/Cancelled .* approved by Nina Approver/);
    for (const r of replays) expect(cardText((JSON.parse(r.text) as { value: unknown }).value)).toMatch(/Cancelled .* approved by Nina Approver/);
    expect(cancelsReceived(t.emulator)).toBe(1);
    const decisions = (await t.bot.deps.audit.forJob('prod', 'dec-run-2')).entries.filter((e) => e.action === 'approval.approved');
    expect(decisions).toHaveLength(1);
  });

  it('T10: two configured approvers pressing at the same moment → one cancel; the loser sees who won', async () => {
    const where = { ...GROUP, conversationId: 'g:dec-3' };
    const id = await ask('dec-run-3', 'g:dec-3');
    const [m, n] = await Promise.all([
      t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco }),
      t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: NINA }),
    ]);
    expect(cancelsReceived(t.emulator)).toBe(1);
    const winner = (await t.bot.deps.approvals.get(id))?.value.decidedBy?.name;
    expect([USERS.marco.name, NINA.name]).toContain(winner);
    for (const r of [m, n]) expect(cardText(r.body.value)).toMatch(new RegExp(`approved by ${winner}`, 'i'));
    expect(await state(id)).toBe('done');
  });

  it('T10: reject and approve at the same moment → exactly one decision wins, and the job matches it', async () => {
    const where = { ...GROUP, conversationId: 'g:dec-4' };
    const id = await ask('dec-run-4', 'g:dec-4');
    await Promise.all([
      t.invoke(VERBS.approvalReject, { h: id, comment: 'no' }, { ...where, user: USERS.marco }),
      t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: NINA }),
    ]);
    const final = await state(id);
    expect(['rejected', 'done']).toContain(final);
    expect(cancelsReceived(t.emulator)).toBe(final === 'done' ? 1 : 0);
  });
});

describe('withdraw', () => {
  it('the requester can withdraw; afterwards nobody can approve', async () => {
    const where = { ...GROUP, conversationId: 'g:wd-1' };
    const id = await ask('wd-run-1', 'g:wd-1');
    const w = await t.invoke(VERBS.approvalWithdraw, { h: id }, { ...where, user: USERS.alice });
    expect(cardText(w.body.value)).toMatch(/Withdrawn by Alice Operator .* Nothing was done/);
    const late = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco });
    expect(cardText(late.body.value)).toMatch(/Withdrawn by Alice Operator/);
    expect(await state(id)).toBe('withdrawn');
    expect(cancelsReceived(t.emulator)).toBe(0);
    // The open slot is free again: a new request for the same job is a new card.
    const again = await t.send('cancel wd-run-1 in prod', { ...GROUP, conversationId: 'g:wd-1' });
    expect(requestId(firstCard(again.activities))).not.toBe(id);
  });

  it('withdraw by anyone else (approver or bystander) is refused and changes nothing', async () => {
    const where = { ...GROUP, conversationId: 'g:wd-2' };
    const id = await ask('wd-run-2', 'g:wd-2');
    const before = await t.bot.deps.approvals.get(id);
    for (const user of [USERS.marco, USERS.eve]) {
      const r = await t.invoke(VERBS.approvalWithdraw, { h: id }, { ...where, user });
      expect(cardText(r.body.value)).toMatch(/Only the person who asked can withdraw/);
    }
    expect((await t.bot.deps.approvals.get(id))?.etag).toBe(before?.etag);
  });
});

describe('Action.Submit fallback', () => {
  it('a value-only message runs the same checks: the requester is refused, and no "Say a command"', async () => {
    const id = await ask('sub-run-1', 'g:sub-1');
    const r = await c.submit({ verb: VERBS.approvalApprove, h: id }, { ...GROUP, conversationId: 'g:sub-1', user: USERS.alice });
    const all = JSON.stringify(r.activities);
    expect(cardText(firstCard(r.activities))).toMatch(/Not allowed[\s\S]*Only an approver/);
    expect(all).not.toMatch(/Say a command/);
    expect(await state(id)).toBe('pending');
    expect(cancelsReceived(t.emulator)).toBe(0);
  });

  it('an approver\'s Action.Submit approves, and the card it came from is updated in place', async () => {
    const id = await ask('sub-run-2', 'g:sub-2');
    const r = await c.submit({ verb: VERBS.approvalApprove, h: id, comment: '' }, { ...GROUP, conversationId: 'g:sub-2', user: USERS.marco, expectReplies: false, replyToId: 'card-77' });
    expect(r.status).toBe(200);
    expect(cancelsReceived(t.emulator)).toBe(1);
    const put = await delivered(() => callsTo(t.connector, 'g:sub-2', 'PUT').find((c) => c.path.endsWith('/activities/card-77')));
    expect(cardText(cardOf(put!))).toMatch(/Cancelled .* approved by Marco Manager/);
    expect(JSON.stringify(callsTo(t.connector, 'g:sub-2'))).not.toMatch(/Say a command/);
  });
});

describe('after a decision', () => {
  it("everyone's copy is updated in place and the requester is told in the origin conversation", async () => {
    const conv = 'g:inplace-1';
    t.emulator.addJob({ name: 'inplace-run-1', workspace: 'mlw-prod', status: 'Running' });
    await t.send('cancel inplace-run-1 in prod because loops', { ...GROUP, conversationId: conv, expectReplies: false });
    const posted = callsTo(t.connector, conv, 'POST').map(cardOf).find(Boolean);
    const id = requestId(posted as never);
    const stored = await t.bot.deps.approvals.get(id);
    expect(stored?.value.posts).toHaveLength(1);
    const activityId = stored!.value.posts[0]!.activityId;
    const callsBefore = t.connector.calls.length;

    await t.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, conversationId: conv, user: USERS.marco });
    const after = (): RecordedCall[] => t.connector.calls.slice(callsBefore);
    const put = await delivered(() => after().find((c) => c.method === 'PUT' && c.path === `/v3/conversations/${encodeURIComponent(conv)}/activities/${activityId}`));
    expect(cardText(cardOf(put!))).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager at .*, requested by Alice Operator/);
    // The base view everyone sees has no buttons left.
    expect(cardActions(cardOf(put!)).filter((a) => a.verb !== VERBS.approvalRefresh)).toEqual([]);
    const told = await delivered(() => after().find((c) => c.method === 'POST' && String(c.body?.text ?? '').includes('Your request to cancel `inplace-run-1`')));
    expect(told?.path.startsWith(`/v3/conversations/${encodeURIComponent(conv)}/activities`)).toBe(true);
    expect(String(told?.body?.text)).toMatch(/<at>Alice Operator<\/at> .*was approved by Marco Manager/);
    expect(JSON.stringify(told?.body?.entities)).toContain(USERS.alice.aadObjectId);
  });
});
