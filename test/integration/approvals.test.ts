import { VERBS } from '../../src/cards/verbs';
import { Card, USERS, cardActions, cardText, firstCard, useTestBot } from '../helpers/test-bot';

const t = useTestBot();
beforeEach(() => {
  t.emulator.stats.reset();
  t.emulator.faults.clear();
});

const GROUP = { conversationType: 'groupChat' as const };

function requestId(card: Card): string {
  const refresh = (card as { refresh?: { action: { data: { h: string } } } }).refresh;
  if (!refresh) throw new Error(`not an approval card: ${cardText(card)}`);
  return refresh.action.data.h;
}

async function ask(job: string, conversationId: string, text = `cancel ${job} in prod because runaway`): Promise<{ card: Card; id: string }> {
  t.emulator.addJob({ name: job, workspace: 'mlw-prod', status: 'Running' });
  const r = await t.send(text, { ...GROUP, conversationId });
  const card = firstCard(r.activities);
  return { card, id: requestId(card) };
}

describe('production cancel needs an approval', () => {
  it('posts an approval card mentioning the approvers; nothing is cancelled yet', async () => {
    const { card } = await ask('prod-run-1', 'g:appr-1');
    const text = cardText(card);
    expect(text).toContain('Approval: Cancel prod-run-1');
    expect(text).toMatch(/Waiting for approval/);
    expect(text).toContain('Reason: runaway');
    expect(text).toContain('Requested by: Alice Operator');
    // R2.2: the card says when the request expires (default TTL 30 minutes).
    expect(text).toMatch(/expires in 30m 0s \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)/);
    expect(text).toMatch(/Expires: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect((card as { refresh?: { userIds: string[] } }).refresh?.userIds).toContain(USERS.alice.id);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);
  });

  it('approvers see Approve/Reject, the requester Withdraw, others only the status (refresh never changes state)', async () => {
    const { id } = await ask('prod-run-2', 'g:appr-2');
    const view = async (user: typeof USERS.alice): Promise<string[]> => {
      const r = await t.invoke(VERBS.approvalRefresh, { h: id }, { ...GROUP, conversationId: 'g:appr-2', user, trigger: 'automatic' });
      return cardActions(r.body.value).filter((a) => a.verb !== VERBS.approvalRefresh).map((a) => a.title);
    };
    expect(await view(USERS.marco)).toEqual(['Approve', 'Reject']);
    expect(await view(USERS.alice)).toEqual(['Withdraw']);
    expect(await view(USERS.eve)).toEqual([]);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);
  });

  it('T7/T8: the requester and a non-approver cannot approve; an approver can, once', async () => {
    const { id } = await ask('prod-run-3', 'g:appr-3');
    const where = { ...GROUP, conversationId: 'g:appr-3' };
    const self = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.alice });
    expect(cardText(self.body.value)).toMatch(/Not allowed/);
    const outsider = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.eve });
    expect(cardText(outsider.body.value)).toMatch(/Only an approver/);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);

    const ok = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco });
    expect(cardText(ok.body.value)).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager .* requested by Alice Operator/);
    const again = await t.invoke(VERBS.approvalApprove, { h: id }, { ...where, user: USERS.marco });
    expect(cardText(again.body.value)).toMatch(/approved by Marco Manager/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  });

  it('reject with a comment leaves the job running and says who and why', async () => {
    const { id } = await ask('prod-run-4', 'g:appr-4');
    const r = await t.invoke(VERBS.approvalReject, { h: id, comment: 'let it finish' }, { ...GROUP, conversationId: 'g:appr-4', user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/Rejected by Marco Manager .*let it finish/);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);
  });

  it('R2.6: a repeated request points at the open one', async () => {
    await ask('prod-run-5', 'g:appr-5');
    const r = await t.send('cancel prod-run-5 in prod', { ...GROUP, conversationId: 'g:appr-5' });
    expect(r.activities[0]!.text).toMatch(/already an open request to cancel `prod-run-5`/);
  });

  it('T11: an expired request cannot be approved and says so', async () => {
    const { id } = await ask('prod-run-6', 'g:appr-6');
    t.emulator.clock.advance(31 * 60_000);
    const r = await t.invoke(VERBS.approvalApprove, { h: id }, { ...GROUP, conversationId: 'g:appr-6', user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/Expired/);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);
  });

  it('T12: a job that finished before approval is not cancelled', async () => {
    t.emulator.addJob({ name: 'prod-run-7', workspace: 'mlw-prod', status: 'Running', endsInMs: 60_000 });
    const card = firstCard((await t.send('cancel prod-run-7 in prod', { ...GROUP, conversationId: 'g:appr-7' })).activities);
    t.emulator.clock.advance(2 * 60_000);
    const r = await t.invoke(VERBS.approvalApprove, { h: requestId(card) }, { ...GROUP, conversationId: 'g:appr-7', user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/nothing was done: the job is no longer running \(it is Completed\)/);
    expect(t.emulator.stats.snapshot().counts.jobCancel ?? 0).toBe(0);
  });

  it('T10: two approvers at the same moment cancel exactly once', async () => {
    const { id } = await ask('prod-run-8', 'g:appr-8');
    const where = { ...GROUP, conversationId: 'g:appr-8', user: USERS.marco };
    await Promise.all([t.invoke(VERBS.approvalApprove, { h: id }, where), t.invoke(VERBS.approvalApprove, { h: id }, where), t.invoke(VERBS.approvalApprove, { h: id }, where)]);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  });
});
