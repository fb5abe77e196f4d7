import { VERBS } from '../../src/cards/verbs';
import { FaultStep } from '../../src/emulator';
import { Card, TestBot, USERS, cardActions, cardText, firstCard, startTestBot } from '../helpers/test-bot';

/**
 * T14 after the POST: once Azure accepted a cancel (200, or 202 + Location), nothing that goes wrong while finding
 * out how it ended may send a second POST or tell anyone the cancel failed. The emulator's fault steps aim at one
 * operation (`op`), armed only once the cancel POST went by (`after`), so the reads before it stay clean.
 */
let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t?.stop();
});
afterEach(() => {
  t.emulator.faults.clear();
  t.emulator.setCancelMode('sync');
});

const GROUP = { conversationType: 'groupChat' as const, conversationId: 'g:status-poll' };
const approvalId = (card: Card): string => (card as { refresh?: { action: { data: { h: string } } } }).refresh!.action.data.h;

async function devCancel(job: string, faults: FaultStep[]): Promise<string> {
  t.emulator.addJob({ name: job, status: 'Running' });
  const card = firstCard((await t.send(`cancel ${job}`)).activities);
  const confirm = cardActions(card).find((a) => a.verb === VERBS.cancelConfirm)!.data;
  t.emulator.stats.reset();
  t.emulator.faults.queue(...faults);
  return cardText((await t.invoke(VERBS.cancelConfirm, confirm)).body.value);
}

async function prodCancelApproved(job: string, faults: FaultStep[]): Promise<string> {
  t.emulator.addJob({ name: job, workspace: 'mlw-prod', status: 'Running' });
  const card = firstCard((await t.send(`cancel ${job} in prod because status poll check`, GROUP)).activities);
  t.emulator.stats.reset();
  t.emulator.faults.queue(...faults);
  return cardText((await t.invoke(VERBS.approvalApprove, { h: approvalId(card) }, { ...GROUP, user: USERS.marco })).body.value);
}

const cancels = (): number => t.emulator.stats.snapshot().counts.jobCancel ?? 0;

describe('T14: trouble reading how an accepted cancel ended', () => {
  it('T14: 429 on the first status poll of a long-running cancel (202 + Location) → exactly one POST, and the user sees it cancelled', async () => {
    t.emulator.setCancelMode('lro');
    const dev = await devCancel('poll-429-dev', [{ status: 429, retryAfter: 1, op: 'lroPoll' }]);
    expect(dev).toMatch(/Cancel(led| requested) by Alice Operator/);
    expect(cancels()).toBe(1);

    const prod = await prodCancelApproved('poll-429-prod', [{ status: 429, retryAfter: 1, op: 'lroPoll' }]);
    expect(prod).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager/);
    expect(cancels()).toBe(1);
    const trail = (await t.bot.deps.audit.forJob('prod', 'poll-429-prod')).entries;
    const entry = trail.find((e) => e.action === 'azure.cancel');
    expect(entry?.outcome).toMatch(/^status (CancelRequested|Canceled)$/);
    expect(entry?.azureRequestId).toBeTruthy(); // the POST's x-ms-request-id
  }, 20_000);

  it('T14: every read of the job after the accepted POST is throttled → still one POST, reported as CancelRequested, never "did not go through"', async () => {
    // More 429s than the SDK's retries of one GET (3), answered without waiting.
    const throttled: FaultStep[] = Array.from({ length: 8 }, () => ({ status: 429, retryAfter: 0, op: 'jobGet' as const, after: 'jobCancel' as const }));
    const dev = await devCancel('read-429-dev', throttled);
    expect(dev).toMatch(/Cancel requested by Alice Operator/);
    expect(dev).toContain('CancelRequested');
    expect(dev).not.toMatch(/did not go through/);
    expect(cancels()).toBe(1);
    expect(t.emulator.stats.snapshot().faults['429']).toBeGreaterThanOrEqual(4);
    const devTrail = (await t.bot.deps.audit.forJob('dev', 'read-429-dev')).entries;
    expect(devTrail.find((e) => e.action === 'cancel.result')?.outcome).toBe('cancelled: CancelRequested');

    t.emulator.faults.clear();
    const prod = await prodCancelApproved('read-429-prod', throttled);
    expect(prod).toMatch(/Cancelled \(CancelRequested\) — approved by Marco Manager/);
    expect(prod).not.toMatch(/nothing was done/);
    expect(cancels()).toBe(1);
    const r = await t.bot.deps.approvals.get(approvalIdFromTrail((await t.bot.deps.audit.forJob('prod', 'read-429-prod')).entries));
    expect(r?.value).toMatchObject({ state: 'done', result: { status: 'CancelRequested' } });
  }, 30_000);

  it('T14: the emulator really cancelled the job in both cases (the job\'s own status is the truth)', async () => {
    for (const [ws, job] of [['dev', 'poll-429-dev'], ['prod', 'poll-429-prod'], ['dev', 'read-429-dev'], ['prod', 'read-429-prod']] as const) {
      expect(`${job}: ${(await t.bot.deps.azureml.getJob(t.config.workspaces[ws]!, job)).status}`).toMatch(/: (CancelRequested|Canceled)$/);
    }
  });
});

function approvalIdFromTrail(trail: { detail?: Record<string, unknown> }[]): string {
  return String(trail.find((e) => e.detail?.approvalId)?.detail?.approvalId);
}
