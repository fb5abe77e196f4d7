import { VERBS } from '../../src/cards/verbs';
import { RunningAzurite, startAzurite } from '../../src/storage/azurite';
import { Collection, Layout, Store, WriteResult } from '../../src/storage/store';
import { TableStore } from '../../src/storage/table-store';
import { TestBot, USERS, cardActions, cardText, firstCard, startTestBot } from '../helpers/test-bot';
import { requestId } from '../helpers/approval-harness';

/**
 * T18: the decision write fails (storage down, or an ETag conflict). A real TableStore on Azurite,
 * wrapped so that compare-and-set writes to the approvals table fail on demand.
 */
class FlakyStore implements Store {
  /** Every conditional approvals write throws (storage unavailable). */
  down = false;
  /** The next N conditional approvals writes lose the compare-and-set. */
  conflicts = 0;

  constructor(private readonly inner: Store) {}

  collection<T>(name: string, parse: (raw: unknown) => T, layout?: Layout): Collection<T> {
    const c = this.inner.collection(name, parse, layout);
    if (name !== 'approvals') return c;
    return {
      ...c,
      put: async (key, value, ifMatch): Promise<WriteResult> => {
        if (ifMatch && this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:10002 (injected)');
        if (ifMatch && this.conflicts > 0) {
          this.conflicts--;
          return { ok: false, reason: 'conflict' };
        }
        return c.put(key, value, ifMatch);
      },
    };
  }
}

let azurite: RunningAzurite;
let store: FlakyStore;
let t: TestBot;
beforeAll(async () => {
  azurite = await startAzurite();
  store = new FlakyStore(new TableStore(azurite.connectionString));
  t = await startTestBot({ overrides: { store } });
}, 30_000);
afterAll(async () => {
  await t?.stop();
  await azurite?.stop();
});
beforeEach(() => {
  t.emulator.stats.reset();
  store.down = false;
  store.conflicts = 0;
});

const where = (conversationId: string, user = USERS.marco): { conversationId: string; conversationType: 'groupChat'; user: typeof USERS.marco } => ({ conversationId, conversationType: 'groupChat', user });

async function ask(job: string, conversationId: string): Promise<string> {
  t.emulator.addJob({ name: job, workspace: 'mlw-prod', status: 'Running' });
  return requestId(firstCard((await t.send(`cancel ${job} in prod`, { conversationId, conversationType: 'groupChat' })).activities));
}

describe('T18: storage failure on the decision write', () => {
  it('T18: the write fails → a retryable "could not record your decision", no Azure call; after recovery approving works', async () => {
    const id = await ask('t18-run-1', 'g:t18-1');
    t.emulator.stats.reset();
    store.down = true;
    const r = await t.invoke(VERBS.approvalApprove, { h: id }, where('g:t18-1'));
    const text = cardText(r.body.value);
    expect(text).toMatch(/I could not record your decision, so nothing was done\. Please try again in a minute\. \(ref [0-9a-f]{8}\)/);
    expect(text).not.toMatch(/ECONNREFUSED|10002/);
    expect(t.emulator.stats.snapshot().total).toBe(0);
    store.down = false;
    expect((await t.bot.deps.approvals.get(id))?.value.state).toBe('pending');
    const actions = (await t.bot.deps.audit.forJob('prod', 't18-run-1')).entries.map((e) => e.action);
    expect(actions).not.toContain('approval.approved');

    const again = await t.invoke(VERBS.approvalApprove, { h: id }, where('g:t18-1'));
    expect(cardText(again.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  });

  it('T18: a reject that cannot be stored is not reported as done either', async () => {
    const id = await ask('t18-run-2', 'g:t18-2');
    store.down = true;
    const r = await t.invoke(VERBS.approvalReject, { h: id, comment: 'no' }, where('g:t18-2'));
    expect(cardText(r.body.value)).toMatch(/could not record your decision/);
    store.down = false;
    expect((await t.bot.deps.approvals.get(id))?.value.state).toBe('pending');
  });

  it('T18: an ETag conflict on the decision write → no Azure call, the current card; pressing again works', async () => {
    const id = await ask('t18-run-3', 'g:t18-3');
    t.emulator.stats.reset();
    store.conflicts = 1;
    const r = await t.invoke(VERBS.approvalApprove, { h: id }, where('g:t18-3'));
    expect(t.emulator.stats.snapshot().total).toBe(0);
    expect(cardText(r.body.value)).toMatch(/Waiting for approval/);
    expect(cardActions(r.body.value).map((a) => a.title)).toContain('Approve');
    const again = await t.invoke(VERBS.approvalApprove, { h: id }, where('g:t18-3'));
    expect(cardText(again.body.value)).toMatch(/Cancelled .* approved by Marco Manager/);
    expect(t.emulator.stats.snapshot().counts.jobCancel).toBe(1);
  });
});
