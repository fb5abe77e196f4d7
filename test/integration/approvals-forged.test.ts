import { VERBS } from '../../src/cards/verbs';
import { USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';
import { cancelsReceived, requestId } from '../helpers/approval-harness';

/** T9 (altered approval card data) and T13 (refresh invokes never decide), through HTTP only. */
const t = useTestBot();
beforeEach(() => {
  t.emulator.faults.clear();
  t.emulator.stats.reset();
});

const GROUP = { conversationType: 'groupChat' as const };

async function ask(job: string, conversationId: string): Promise<string> {
  t.emulator.addJob({ name: job, workspace: 'mlw-prod', status: 'Running' });
  const card = firstCard((await t.send(`cancel ${job} in prod because stuck`, { ...GROUP, conversationId })).activities);
  return requestId(card);
}

describe('T9: altered approval card data', () => {
  let id: string;
  const where = { ...GROUP, conversationId: 'g:forged-1', user: USERS.marco };
  beforeAll(async () => {
    id = await ask('forged-run-1', 'g:forged-1');
  });

  // Each row: name, verb, data, envelope changes. Marco is a real approver, so only the data is wrong.
  const rows: [string, string, () => unknown, { conversationId?: string }][] = [
    ['an unknown request id', VERBS.approvalApprove, () => ({ h: 'AAAAAAAAAAAAAAAAAAAAAA' }), {}],
    ['a malformed id (too short)', VERBS.approvalApprove, () => ({ h: 'abc' }), {}],
    ['a malformed id (a number)', VERBS.approvalApprove, () => ({ h: 42 }), {}],
    ['a malformed id (path characters)', VERBS.approvalApprove, () => ({ h: '../../AAAAAAAAAAAAAAAAA' }), {}],
    ['no data', VERBS.approvalApprove, () => undefined, {}],
    ['extra key: job', VERBS.approvalApprove, () => ({ h: id, job: 'other-job' }), {}],
    ['extra key: workspace', VERBS.approvalApprove, () => ({ h: id, workspace: 'dev' }), {}],
    ['extra key: a forged approver id', VERBS.approvalApprove, () => ({ h: id, approver: USERS.marco.aadObjectId }), {}],
    ['extra key on reject', VERBS.approvalReject, () => ({ h: id, state: 'approved' }), {}],
    ['a valid id from a conversation where the card was never posted', VERBS.approvalApprove, () => ({ h: id }), { conversationId: 'g:elsewhere' }],
    ['a valid id from a personal chat', VERBS.approvalApprove, () => ({ h: id }), { conversationId: 'a:marco-dm' }],
    ['a valid id in a refresh from elsewhere', VERBS.approvalRefresh, () => ({ h: id }), { conversationId: 'g:elsewhere' }],
  ];

  it.each(rows)('T9: %s → error card, no Azure call, state unchanged', async (_name, verb, data, o) => {
    const before = await t.bot.deps.approvals.get(id);
    const r = await t.invoke(verb, data(), { ...where, ...o });
    expect(r.status).toBe(200);
    expect(cardText(r.body.value)).toMatch(/out of date or was not made by JobOps here/);
    expect(cardActions(r.body.value)).toEqual([]);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    const after = await t.bot.deps.approvals.get(id);
    expect(after?.etag).toBe(before?.etag);
    expect(after?.value.state).toBe('pending');
  });

  it('T9: forged data through the Action.Submit fallback is refused the same way', async () => {
    const r = await t.post({
      type: 'message', id: 'forged-submit', channelId: 'msteams', serviceUrl: t.connector.url, deliveryMode: 'expectReplies',
      from: USERS.marco, recipient: { id: '28:jobops' }, conversation: { id: 'g:forged-1', conversationType: 'groupChat', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } }, value: { verb: VERBS.approvalApprove, h: id, job: 'x' },
    });
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/out of date or was not made by JobOps here/);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    expect((await t.bot.deps.approvals.get(id))?.value.state).toBe('pending');
  });

  it('T9: control: the untouched request still works afterwards, once', async () => {
    const r = await t.invoke(VERBS.approvalApprove, { h: id }, where);
    expect(cardText(r.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    expect(cancelsReceived(t.emulator)).toBe(1);
  });
});

describe('T13: refresh invokes never change state', () => {
  const where = { ...GROUP, conversationId: 'g:refresh-1' };
  const viewers = [['requester', USERS.alice], ['approver', USERS.marco], ['bystander', USERS.eve]] as const;

  it('T13: automatic refreshes by requester, approver and bystander render views only', async () => {
    const id = await ask('refresh-run-1', 'g:refresh-1');
    const before = await t.bot.deps.approvals.get(id);
    for (const [, user] of viewers) {
      // Even with a deciding verb: trigger "automatic" is a refresh, never a decision (R3.4).
      for (const verb of [VERBS.approvalRefresh, VERBS.approvalApprove, VERBS.approvalReject, VERBS.approvalWithdraw]) {
        const r = await t.invoke(verb, { h: id }, { ...where, user, trigger: 'automatic' });
        expect(r.status).toBe(200);
        expect(cardText(r.body.value)).toMatch(/Waiting for approval/);
      }
    }
    const after = await t.bot.deps.approvals.get(id);
    expect(after?.etag).toBe(before?.etag);
    expect(after?.value.state).toBe('pending');
    expect(cancelsReceived(t.emulator)).toBe(0);
    const trail = await t.bot.deps.audit.forJob('prod', 'refresh-run-1');
    expect(trail.entries.map((e) => e.action)).toEqual(['approval.requested']);
  });

  it('T13: on an expired request the only change a refresh makes is marking it expired; never a cancel', async () => {
    const id = await ask('refresh-run-2', 'g:refresh-1');
    t.emulator.clock.advance(31 * 60_000);
    const first = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco, trigger: 'automatic' });
    expect(cardText(first.body.value)).toMatch(/Expired at/);
    expect(cardActions(first.body.value).filter((a) => a.verb !== VERBS.approvalRefresh)).toEqual([]);
    const marked = await t.bot.deps.approvals.get(id);
    expect(marked?.value.state).toBe('expired');
    for (const [, user] of viewers) {
      const r = await t.invoke(VERBS.approvalRefresh, { h: id }, { ...where, user, trigger: 'automatic' });
      expect(cardText(r.body.value)).toMatch(/Expired at .* Nothing was done/);
    }
    expect((await t.bot.deps.approvals.get(id))?.etag).toBe(marked?.etag);
    expect(cancelsReceived(t.emulator)).toBe(0);
    const actions = (await t.bot.deps.audit.forJob('prod', 'refresh-run-2')).entries.map((e) => e.action);
    expect(actions).toEqual(['approval.requested', 'approval.expired']);
  });
});
