import { VERBS } from '../../src/cards/verbs';
import { USERS, cardText } from '../helpers/test-bot';
import { Client, Pair, callsTo, cancelsReceived, cardOf, delivered, requestId, startPair } from '../helpers/approval-harness';

/**
 * T17: the process dies right after Azure was asked to act (kill -9 in test/faults/t17-kill.ts). Instance A carries
 * out the approval up to the cancel POST (or the model version PUT), which reaches the emulator, and then never
 * returns: nothing after that call happens in A, as in a process killed there. A stops; instance B (same Azurite and
 * emulator, nothing shared in memory) resumes the approved request from its sweeper.
 */
let p: Pair;
const conv = (k: string): string => `g:after-post-${k}`;
const GROUP = { conversationType: 'groupChat' as const };
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/** Asks in a group chat with the card POSTed to the connector (so it has an activity id to update later). */
async function ask(k: string, text: string, client: Client = p.ca): Promise<string> {
  await client.send(text, { ...GROUP, conversationId: conv(k), expectReplies: false });
  return requestId(callsTo(p.connector, conv(k), 'POST').map(cardOf).find(Boolean) as never);
}

async function approve(k: string, h: string, client: Client = p.ca): Promise<void> {
  await client.invoke(VERBS.approvalApprove, { h }, { ...GROUP, conversationId: conv(k), user: USERS.marco });
}

const lastCard = (k: string): string => callsTo(p.connector, conv(k), 'PUT').map((x) => cardText(cardOf(x))).slice(-1)[0] ?? '';
const toldNow = (k: string, what: string): string[] =>
  callsTo(p.connector, conv(k), 'POST').map((x) => String(x.body?.text ?? '')).filter((t) => t.includes(`Your request to ${what}`));
/** The requester's message arrives through the outbox, shortly after the sweep. */
const toldRequester = (k: string, what: string): Promise<string[]> => delivered(() => (toldNow(k, what).length ? toldNow(k, what) : undefined));

beforeAll(async () => {
  p = await startPair();
}, 30_000);
afterAll(async () => {
  await p?.stop();
});

describe('T17: killed after the call reached Azure', () => {
  it('T17: a cancel whose POST went through before the process died is reported done after the restart — once, with a note in the audit', async () => {
    p.emulator.addJob({ name: 'after-post-cancel', workspace: 'mlw-prod', status: 'Running' });
    const h = await ask('cancel', 'cancel after-post-cancel in prod');
    const cancel = p.a.deps.azureml.cancelJob.bind(p.a.deps.azureml);
    // The POST reaches Azure; then A "dies": nothing after it runs.
    jest.spyOn(p.a.deps.azureml, 'cancelJob').mockImplementation(async (...args) => {
      await cancel(...args);
      return never();
    });
    p.emulator.stats.reset();
    await approve('cancel', h);
    expect(cancelsReceived(p.emulator)).toBe(1);
    const stored = (await p.b.deps.approvals.get(h))!.value;
    expect(stored.state).toBe('approved');
    expect(stored.executingSince).toBeDefined();
    await p.a.stop();

    // The sweeper resumes an approved request a minute after its decision; by then the job has reached Canceled.
    p.emulator.clock.advance(2 * 60_000);
    await p.b.sweeper.sweep();
    await p.b.sweeper.sweep();
    expect(cancelsReceived(p.emulator)).toBe(1);
    const r = (await p.b.deps.approvals.get(h))!.value;
    expect(r).toMatchObject({ state: 'done', result: { status: 'Canceled' } });
    await delivered(() => /Cancelled \(Canceled\) — approved by Marco Manager/.test(lastCard('cancel')));
    expect(lastCard('cancel')).not.toMatch(/nothing was done/i);
    const told = await toldRequester('cancel', 'cancel `after-post-cancel`');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/approved by Marco Manager; the job is now Canceled\./);
    const trail = (await p.b.deps.audit.forJob('prod', 'after-post-cancel')).entries.filter((e) => e.action === 'azure.cancel');
    expect(trail).toHaveLength(1);
    expect(trail[0]!.outcome).toBe('status Canceled');
    expect(String(trail[0]!.detail?.note)).toMatch(/confirmed after a restart/);
  });

  it('T17: an approved request that never reached Azure, whose job someone else cancelled meanwhile, still says honestly that nothing was done', async () => {
    const b = p.b;
    p.emulator.addJob({ name: 'after-post-other', workspace: 'mlw-prod', status: 'Running' });
    const h = await ask('other', 'cancel after-post-other in prod', p.cb);
    // A crash between storing "approved" and the executing mark: the decision is stored, nothing else happened.
    const s = (await b.deps.approvals.get(h))!;
    const decidedAt = new Date(p.emulator.clock.now() - 5 * 60_000).toISOString();
    expect((await b.deps.approvals.put(h, { ...s.value, state: 'approved', decidedBy: { ...USERS.marco }, decidedAt }, s.etag)).ok).toBe(true);
    await b.deps.azureml.cancelJob(b.deps.config.workspaces.prod!, 'after-post-other'); // someone else, e.g. in the studio
    p.emulator.stats.reset();
    await b.sweeper.sweep();
    expect(cancelsReceived(p.emulator)).toBe(0);
    const r = (await b.deps.approvals.get(h))!.value;
    expect(r.state).toBe('failed');
    await delivered(() => /nothing was done/i.test(lastCard('other')));
    expect((await toldRequester('other', 'cancel `after-post-other`'))[0]).toMatch(/but nothing was done: the job is no longer running \(it is CancelRequested\), so it was not cancelled\./);
  });

  it('T17: a promotion whose model version PUT went through before the process died is found, not registered again', async () => {
    const b2 = await p.startInstance();
    p.emulator.addJob({ name: 'after-post-train', workspace: 'mlw-prod', status: 'Completed' });
    const h = await ask('promote', 'promote after-post-train in prod as after-post-model', p.cb);
    const register = p.b.deps.azureml.registerModelVersion.bind(p.b.deps.azureml);
    // This time B is the one that dies after the PUT; a third instance resumes.
    const a2 = p.b;
    jest.spyOn(a2.deps.azureml, 'registerModelVersion').mockImplementation(async (...args) => {
      await register(...args);
      return never();
    });
    p.emulator.stats.reset();
    await approve('promote', h, p.cb);
    expect(p.emulator.stats.snapshot().counts.modelVersionPut).toBe(1);
    await a2.stop();

    p.emulator.clock.advance(2 * 60_000);
    await b2.sweeper.sweep();
    expect(p.emulator.stats.snapshot().counts.modelVersionPut).toBe(1);
    const r = (await b2.deps.approvals.get(h))!.value;
    expect(r).toMatchObject({ state: 'done', result: { modelVersion: '1' } });
    await delivered(() => /Registered after-post-model version 1 — approved by Marco Manager/.test(lastCard('promote')));
    const trail = (await b2.deps.audit.forJob('prod', 'after-post-train')).entries.filter((e) => e.action === 'azure.model.register');
    expect(trail.map((e) => e.outcome)).toEqual(['version 1']);
    expect(String(trail[0]!.detail?.note)).toMatch(/confirmed after a restart/);
  });
});
