import { VERBS } from '../../src/cards/verbs';
import { USERS, cardText } from '../helpers/test-bot';
import { Pair, callsTo, cancelsReceived, cardOf, delivered, requestId, startPair } from '../helpers/approval-harness';
import { RecordedCall } from '../helpers/connector-stand-in';

/**
 * T17: the process dies mid-approval. Instance A takes three requests and stops; instance B (same
 * Azurite, same emulator, nothing shared in memory) must approve, resume and expire them correctly.
 */
let p: Pair;
const ids: Record<'approve' | 'resume' | 'expire', string> = { approve: '', resume: '', expire: '' };
const conv = (k: string): string => `g:restart-${k}`;

beforeAll(async () => {
  p = await startPair();
  for (const k of Object.keys(ids) as (keyof typeof ids)[]) {
    p.emulator.addJob({ name: `restart-${k}`, workspace: 'mlw-prod', status: 'Running' });
    // expectReplies false: the card is POSTed to the connector, so it has an activity id to update later.
    await p.ca.send(`cancel restart-${k} in prod`, { conversationId: conv(k), conversationType: 'groupChat', expectReplies: false });
    const card = callsTo(p.connector, conv(k), 'POST').map(cardOf).find(Boolean);
    ids[k] = requestId(card as never);
  }
  // A crash between storing "approved" and calling Azure: the decision is stored, nothing else happened.
  const s = await p.a.deps.approvals.get(ids.resume);
  const decidedAt = new Date(p.emulator.clock.now() - 5 * 60_000).toISOString();
  const put = await p.a.deps.approvals.put(ids.resume, { ...s!.value, state: 'approved', decidedBy: { ...USERS.marco }, decidedAt }, s!.etag);
  expect(put.ok).toBe(true);
  await p.a.stop();
}, 30_000);
afterAll(async () => {
  await p?.stop();
});
beforeEach(() => {
  p.emulator.stats.reset();
});

/** The PUTs that updated a request's posted card, newest last. */
async function cardUpdates(k: keyof typeof ids): Promise<string[]> {
  const post = (await p.b.deps.approvals.get(ids[k]))!.value.posts[0]!;
  return callsTo(p.connector, conv(k), 'PUT').filter((x) => x.path.endsWith(`/activities/${post.activityId}`)).map((x) => cardText(cardOf(x)));
}

/** The posted card's latest update once it matches (updates are delivered through the outbox, shortly after). */
async function updatedTo(k: keyof typeof ids, re: RegExp): Promise<string> {
  return delivered(async () => (await cardUpdates(k)).filter((t) => re.test(t)).slice(-1)[0]);
}

describe('T17: restart mid-approval', () => {
  it('T17: a request made through A is still actionable through B after A stopped; it cancels once', async () => {
    const refresh = await p.cb.invoke(VERBS.approvalRefresh, { h: ids.approve }, { conversationId: conv('approve'), conversationType: 'groupChat', user: USERS.marco, trigger: 'automatic' });
    expect(cardText(refresh.body.value)).toMatch(/Waiting for approval from you/);
    const r = await p.cb.invoke(VERBS.approvalApprove, { h: ids.approve }, { conversationId: conv('approve'), conversationType: 'groupChat', user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    const again = await p.cb.invoke(VERBS.approvalApprove, { h: ids.approve }, { conversationId: conv('approve'), conversationType: 'groupChat', user: USERS.marco });
    expect(cardText(again.body.value)).toMatch(/approved by Marco Manager/);
    expect(cancelsReceived(p.emulator)).toBe(1);
    expect(await updatedTo('approve', /Cancelled .* requested by Alice Operator/)).toMatch(/approved by Marco Manager/);
  });

  it('T17: an approved request whose process died before Azure was called is resumed by the sweeper exactly once', async () => {
    await p.b.sweeper.sweep();
    await p.b.sweeper.sweep();
    expect(cancelsReceived(p.emulator)).toBe(1);
    const r = (await p.b.deps.approvals.get(ids.resume))!.value;
    expect(r.state).toBe('done');
    expect(r.result?.status).toMatch(/CancelRequested|Canceled/);
    await updatedTo('resume', /Cancelled .* approved by Marco Manager/);
    const toldNow = (): RecordedCall[] => callsTo(p.connector, conv('resume'), 'POST').filter((x) => String(x.body?.text).includes('Your request to cancel `restart-resume`'));
    await delivered(() => toldNow().length > 0);
    await p.b.sweeper.sweep();
    const told = toldNow();
    expect(told).toHaveLength(1);
    expect(String(told[0]!.body?.text)).toMatch(/<at>Alice Operator<\/at> .*approved by Marco Manager; the job is now (CancelRequested|Canceled)/);
    const actions = (await p.b.deps.audit.forJob('prod', 'restart-resume')).entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'azure.cancel')).toHaveLength(1);
  });

  it('T17: a request that expired while A was down is marked expired by B\'s sweeper and its card says so', async () => {
    p.emulator.clock.advance(31 * 60_000);
    await p.b.sweeper.sweep();
    expect((await p.b.deps.approvals.get(ids.expire))?.value.state).toBe('expired');
    await updatedTo('expire', /Expired at .* Nothing was done/);
    const told = await delivered(() => callsTo(p.connector, conv('expire'), 'POST').find((x) => String(x.body?.text).includes('expired: nobody decided in time')));
    expect(String(told?.body?.text)).toContain('<at>Alice Operator</at>');
    const late = await p.cb.invoke(VERBS.approvalApprove, { h: ids.expire }, { conversationId: conv('expire'), conversationType: 'groupChat', user: USERS.marco });
    expect(cardText(late.body.value)).toMatch(/Expired/);
    expect(cancelsReceived(p.emulator)).toBe(0);
    // Nothing is left open for the next sweep.
    expect(await p.b.deps.approvals.listOpen()).toEqual([]);
  });
});
