import { VERBS } from '../../src/cards/verbs';
import { TestBot, USERS, cardText, firstCard, startTestBot } from '../helpers/test-bot';
import { Client, callsTo, cancelsReceived, cardOf, clientFor, delivered, requestId } from '../helpers/approval-harness';

/**
 * Where approval cards go. The tests run in order on one bot: first nowhere to post, then the
 * approver's personal chat, then an approval channel (which wins once set).
 */
let t: TestBot;
let c: Client;
beforeAll(async () => {
  t = await startTestBot();
  c = clientFor(t.bot.url, t.connector.url);
});
afterAll(async () => {
  await t?.stop();
});
beforeEach(() => {
  t.emulator.stats.reset();
});

const ALICE_DM = { conversationId: 'a:alice-dm', conversationType: 'personal' as const, user: USERS.alice };
const MARCO_DM = { conversationId: 'a:marco-dm', conversationType: 'personal' as const, user: USERS.marco };
const CHANNEL = '19:chan@thread.tacv2';
const IN_CHANNEL = { conversationId: `${CHANNEL};messageid=1`, conversationType: 'channel' as const };

function said(activities: { text?: string }[]): string {
  return activities.map((a) => a.text ?? '').join('\n');
}

/** The approval card the bot POSTed into a conversation after `from` calls, and its stored activity id. */
async function postedCard(conversationId: string, from: number): Promise<{ id: string; activityId: string }> {
  const call = callsTo(t.connector, conversationId, 'POST').filter((x) => t.connector.calls.indexOf(x) >= from).find((x) => cardOf(x));
  if (!call) throw new Error(`no card posted to ${conversationId}`);
  const id = requestId(cardOf(call) as never);
  const post = (await t.bot.deps.approvals.get(id))?.value.posts.find((p) => (p.reference.conversation as { id: string }).id === conversationId);
  return { id, activityId: post!.activityId };
}

describe('routing a request made in a personal chat', () => {
  it('with no approval channel and no approver chat, the request is refused with instructions', async () => {
    t.emulator.addJob({ name: 'route-run-1', workspace: 'mlw-prod', status: 'Running' });
    const r = await c.send('cancel route-run-1 in prod', ALICE_DM);
    expect(said(r.activities)).toMatch(/No approver of `prod` can see a request made here\. Ask an approver to run `approvals here for prod` in a team channel/);
    expect(await t.bot.deps.approvals.listOpen()).toEqual([]);
  });

  it('`approvals here for prod` is refused for a non-approver, and outside a channel', async () => {
    const alice = await c.send('approvals here for prod', { ...IN_CHANNEL, user: USERS.alice });
    expect(said(alice.activities)).toMatch(/Only an approver of `prod` can choose where its approvals go/);
    const dm = await c.send('approvals here for prod', MARCO_DM);
    expect(said(dm.activities)).toMatch(/Run this in the team channel/);
    const group = await c.send('approvals here for prod', { conversationId: 'g:grp', conversationType: 'groupChat', user: USERS.marco });
    expect(said(group.activities)).toMatch(/Run this in the team channel/);
    expect(await t.bot.deps.conversations.approvalChannel('prod')).toBeUndefined();
  });

  it("without a channel, the card goes to each approver's personal chat (once they have talked to the bot)", async () => {
    await c.send('help', MARCO_DM);
    t.emulator.addJob({ name: 'route-run-2', workspace: 'mlw-prod', status: 'Running' });
    const from = t.connector.calls.length;
    await c.send('cancel route-run-2 in prod because leak', { ...ALICE_DM, expectReplies: false });
    const notice = callsTo(t.connector, 'a:alice-dm', 'POST').slice(-1)[0];
    expect(String(notice?.body?.text)).toMatch(/Asked for approval in Marco Manager's chat/);
    const { id } = await postedCard('a:marco-dm', from);
    const approved = await c.invoke(VERBS.approvalApprove, { h: id }, MARCO_DM);
    expect(cardText(approved.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    expect(cancelsReceived(t.emulator)).toBe(1);
    const told = await delivered(() => callsTo(t.connector, 'a:alice-dm', 'POST').find((x) => String(x.body?.text).includes('Your request to cancel `route-run-2`')));
    expect(String(told?.body?.text)).toMatch(/^<at>Alice Operator<\/at> .*approved by Marco Manager/);
  });

  it('an approver sets the approval channel from a channel thread; the channel root is stored', async () => {
    const r = await c.send('approvals here for prod', { ...IN_CHANNEL, user: USERS.marco });
    expect(said(r.activities)).toMatch(/will be posted in this channel/);
    expect((await t.bot.deps.conversations.approvalChannel('prod'))?.conversation?.id).toBe(CHANNEL);
  });

  it('with a channel set, a personal-chat request goes to the channel (a new thread), and is approved from that thread', async () => {
    t.emulator.addJob({ name: 'route-run-3', workspace: 'mlw-prod', status: 'Running' });
    const from = t.connector.calls.length;
    await c.send('cancel route-run-3 in prod', { ...ALICE_DM, expectReplies: false });
    const root = callsTo(t.connector, CHANNEL, 'POST').filter((x) => t.connector.calls.indexOf(x) >= from);
    // A proactive send to the channel root (continueConversation adds its own activity id to the path).
    expect(root).toHaveLength(1);
    expect(root[0]!.path.startsWith(`/v3/conversations/${encodeURIComponent(CHANNEL)}/activities`)).toBe(true);
    expect(JSON.stringify(root[0]?.body?.entities)).toContain(USERS.marco.aadObjectId);
    // The channel wins over the approver's personal chat.
    expect(callsTo(t.connector, 'a:marco-dm').filter((x) => t.connector.calls.indexOf(x) >= from)).toEqual([]);
    expect(String(callsTo(t.connector, 'a:alice-dm', 'POST').slice(-1)[0]?.body?.text)).toMatch(/Asked for approval in the approval channel/);

    // Teams sends the button press from the new thread: `<channel>;messageid=<card activity id>`.
    const { id, activityId } = await postedCard(CHANNEL, from);
    const thread = { conversationId: `${CHANNEL};messageid=${activityId}`, conversationType: 'channel' as const };
    const eve = await c.invoke(VERBS.approvalApprove, { h: id }, { ...thread, user: USERS.eve });
    expect(cardText(eve.body.value)).toMatch(/Only an approver/);
    const r = await c.invoke(VERBS.approvalApprove, { h: id }, { ...thread, user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    expect(cancelsReceived(t.emulator)).toBe(1);
    // A thread in another channel is still "not made here".
    const other = await c.invoke(VERBS.approvalRefresh, { h: id }, { conversationId: `19:other@thread.tacv2;messageid=${activityId}`, conversationType: 'channel', user: USERS.marco });
    expect(cardText(other.body.value)).toMatch(/out of date or was not made by JobOps here/);
  });

  it('a group-chat request shows the card where it was asked and also posts it to the channel', async () => {
    t.emulator.addJob({ name: 'route-run-4', workspace: 'mlw-prod', status: 'Running' });
    const from = t.connector.calls.length;
    const r = await c.send('cancel route-run-4 in prod', { conversationId: 'g:route', conversationType: 'groupChat' });
    expect(cardText(firstCard(r.activities))).toContain('Approval: Cancel route-run-4');
    expect(said(r.activities)).toMatch(/Asked for approval in the approval channel/);
    expect((await postedCard(CHANNEL, from)).id).toBe(requestId(firstCard(r.activities)));
  });
});
