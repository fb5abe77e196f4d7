import { VERBS } from '../../src/cards/verbs';
import { USERS, cardText, firstCard } from '../helpers/test-bot';
import { NINA, Pair, TWO_APPROVERS, callsTo, cancelsReceived, cardOf, delivered, requestId, startPair, writeConfig } from '../helpers/approval-harness';

/** Two instances running side by side on one Azurite: nothing that decides may live in one process's memory. */
let p: Pair;
beforeAll(async () => {
  p = await startPair({ configFile: writeConfig({ ...TWO_APPROVERS, escalateAfterMinutes: 5 }) });
}, 30_000);
afterAll(async () => {
  await p?.stop();
});
beforeEach(() => {
  p.emulator.stats.reset();
});

const group = (conversationId: string): { conversationId: string; conversationType: 'groupChat' } => ({ conversationId, conversationType: 'groupChat' });

async function askThroughA(job: string, conversationId: string, expectReplies = true): Promise<string> {
  p.emulator.addJob({ name: job, workspace: 'mlw-prod', status: 'Running' });
  const r = await p.ca.send(`cancel ${job} in prod`, { ...group(conversationId), expectReplies });
  if (expectReplies) return requestId(firstCard(r.activities));
  return requestId(callsTo(p.connector, conversationId, 'POST').map(cardOf).find(Boolean) as never);
}

describe('scale-out: two instances, one Azurite', () => {
  it('a request made through A is approved through B', async () => {
    const id = await askThroughA('scale-run-1', 'g:scale-1');
    const r = await p.cb.invoke(VERBS.approvalApprove, { h: id }, { ...group('g:scale-1'), user: USERS.marco });
    expect(cardText(r.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    expect(cancelsReceived(p.emulator)).toBe(1);
    // A sees B's decision: no second cancel through A either.
    const viaA = await p.ca.invoke(VERBS.approvalApprove, { h: id }, { ...group('g:scale-1'), user: NINA });
    expect(cardText(viaA.body.value)).toMatch(/approved by Marco Manager/);
    expect(cancelsReceived(p.emulator)).toBe(1);
  });

  it('a double approval split across A and B at the same moment cancels once (three rounds)', async () => {
    for (const n of [2, 3, 4]) {
      const conv = `g:scale-${n}`;
      const id = await askThroughA(`scale-run-${n}`, conv);
      p.emulator.stats.reset();
      const [viaA, viaB] = await Promise.all([
        p.ca.invoke(VERBS.approvalApprove, { h: id }, { ...group(conv), user: USERS.marco }),
        p.cb.invoke(VERBS.approvalApprove, { h: id }, { ...group(conv), user: NINA }),
      ]);
      expect(cancelsReceived(p.emulator)).toBe(1);
      const winner = (await p.b.deps.approvals.get(id))!.value.decidedBy!.name;
      for (const r of [viaA, viaB]) expect(cardText(r.body.value)).toMatch(new RegExp(`approved by ${winner}`, 'i'));
    }
  });

  it('an approved-but-not-executed request seen by both sweepers at once is resumed once', async () => {
    const id = await askThroughA('scale-run-5', 'g:scale-5');
    const s = (await p.a.deps.approvals.get(id))!;
    const decidedAt = new Date(p.emulator.clock.now() - 5 * 60_000).toISOString();
    expect((await p.a.deps.approvals.put(id, { ...s.value, state: 'approved', decidedBy: { ...NINA }, decidedAt }, s.etag)).ok).toBe(true);
    p.emulator.stats.reset();
    await Promise.all([p.a.sweeper.sweep(), p.b.sweeper.sweep()]);
    await Promise.all([p.a.sweeper.sweep(), p.b.sweeper.sweep()]);
    expect(cancelsReceived(p.emulator)).toBe(1);
    expect((await p.b.deps.approvals.get(id))?.value.state).toBe('done');
    // Only one instance carried it out: no second attempt that found the job already cancelled.
    const actions = (await p.a.deps.audit.forJob('prod', 'scale-run-5')).entries.map((e) => e.action);
    expect(actions.filter((a) => a.startsWith('azure.'))).toEqual(['azure.cancel']);
  });
});

describe('escalation', () => {
  it('after escalateAfterMinutes, one reminder mentions the approvers, once across two sweeps on two instances', async () => {
    const conv = 'g:escalate-1';
    await askThroughA('esc-run-1', conv, false);
    const reminders = (): ReturnType<typeof callsTo> => callsTo(p.connector, conv, 'POST').filter((x) => String(x.body?.text).includes('Reminder:'));
    p.emulator.clock.advance(4 * 60_000);
    await Promise.all([p.a.sweeper.sweep(), p.b.sweeper.sweep()]);
    expect(reminders()).toEqual([]);

    p.emulator.clock.advance(2 * 60_000);
    await Promise.all([p.a.sweeper.sweep(), p.b.sweeper.sweep()]);
    await Promise.all([p.a.sweeper.sweep(), p.b.sweeper.sweep()]);
    // Delivered through the outbox: wait for it, then a moment more in case a second one were coming.
    await delivered(() => reminders().length > 0);
    await new Promise((r) => setTimeout(r, 1_500));
    const sent = reminders();
    expect(sent).toHaveLength(1);
    expect(String(sent[0]!.body?.text)).toMatch(/<at>Marco Manager<\/at> <at>Nina Approver<\/at> Reminder: Alice Operator is waiting for approval to cancel `esc-run-1` in `prod`/);
    const mentioned = (sent[0]!.body?.entities as { mentioned: { id: string } }[]).map((e) => e.mentioned.id);
    expect(mentioned).toEqual([USERS.marco.aadObjectId, NINA.aadObjectId]);
    expect(cancelsReceived(p.emulator)).toBe(0);
    const actions = (await p.a.deps.audit.forJob('prod', 'esc-run-1')).entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'approval.escalated')).toHaveLength(1);
  });
});
