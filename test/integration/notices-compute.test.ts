import { VERBS } from '../../src/cards/verbs';
import { Notifier } from '../../src/notifications/notifier';
import { Poller } from '../../src/notifications/poller';
import { TableStore } from '../../src/storage/table-store';
import { RecordingOutbox } from '../helpers/recording-outbox';
import { writeLocalConfig } from '../helpers/local-config';
import { TestBot, cardActions, cardText, firstCard, startTestBot } from '../helpers/test-bot';

/** Issue 12 in notices and summaries: stuck alerts say why, runaway alerts and running summaries say what it costs. */
const CHANNEL = { conversationType: 'channel' as const, conversationId: '19:cost@thread.tacv2;messageid=1', extra: { channelData: { tenant: { id: 'tenant-1' }, channel: { id: '19:cost@thread.tacv2' } } } };

let t: TestBot;
let store: TableStore;
beforeAll(async () => {
  const file = writeLocalConfig('jobops-');
  t = await startTestBot({ env: { JOBOPS_CONFIG: file } });
  store = new TableStore(t.config.storageConnectionString!);
});
afterAll(async () => {
  await t.stop();
});

const cardsAbout = (outbox: RecordingOutbox, job: string): string[] =>
  outbox.items.map((i) => cardText((i.op as { card: unknown }).card)).filter((text) => text.includes(job));

describe('alerts', () => {
  it('a stuck alert leads with why, from the job page the poller already read (no extra list call)', async () => {
    await t.send('subscribe prod stuck queued>30m', CHANNEL);
    const outbox = new RecordingOutbox();
    const p = new Poller(t.bot.deps, store, new Notifier(t.bot.deps, store, outbox), 60_000);
    t.emulator.stats.reset();
    await p.tick();
    const [alert] = cardsAbout(outbox, 'train-fraud-llm-prod-4');
    expect(alert).toMatch(/Queued for more than 30 min: train-fraud-llm-prod-4/);
    expect(alert).toContain('The cluster cannot grow: 96 of 96 cores of the NCADSA100v4 family in eastus2 are in use');
    const c = t.emulator.stats.snapshot().counts;
    expect(c.jobsList).toBe(2); // the poller's own two pages of prod's 13 jobs; the alert reuses the page it is on
    expect(c.computeGet).toBe(1);
    expect(c.usagesList).toBe(1);
    await p.stop();
  });

  it('a runaway alert says what the run has used and what another hour costs', async () => {
    await t.send('subscribe dev stuck running>1h', { ...CHANNEL, conversationId: '19:cost2@thread.tacv2;messageid=1' });
    t.emulator.addJob({ name: 'runaway-gpu-1', status: 'Running' });
    t.emulator.clock.advance(2 * 3_600_000);
    const outbox = new RecordingOutbox();
    const p = new Poller(t.bot.deps, store, new Notifier(t.bot.deps, store, outbox), 60_000);
    await p.tick();
    const [alert] = cardsAbout(outbox, 'runaway-gpu-1');
    expect(alert).toMatch(/Running for more than 1 h: runaway-gpu-1/);
    // About 2 h 9 min on one Standard_NC6s_v3 (1 GPU, $3.06 per hour at list price).
    expect(alert).toMatch(/Used so far: 2\.[12] node-hours, 2\.[12] GPU-hours, about \$6\.\d\d \(estimate at list price\)/);
    expect(alert).toContain('Continuing costs: about $3.06 per hour (1 node, estimate at list price)');
    await p.stop();
  });
});

describe('failure notices and summaries', () => {
  it('a failure notice has a Rerun button that opens the confirmation card', async () => {
    await t.send('subscribe dev failures experiment=exp-rerun', { ...CHANNEL, conversationId: '19:rr@thread.tacv2;messageid=1' });
    const outbox = new RecordingOutbox();
    const n = new Notifier(t.bot.deps, store, outbox);
    t.emulator.addJob({ name: 'rr-fails', status: 'Running', experimentName: 'exp-rerun', endsInMs: 60_000, endStatus: 'Failed', failure: 'cuda-oom' });
    t.emulator.clock.advance(2 * 60_000);
    const job = await t.bot.deps.azureml.getJob(t.config.workspaces.dev!, 'rr-fails');
    await n.observe({ workspace: 'dev', job, source: 'event', observedAt: t.bot.deps.now() });
    const card = outbox.items.map((i) => (i.op as { card: unknown }).card).find((c) => cardText(c).includes('rr-fails'));
    const rerun = cardActions(card).find((a) => a.verb === VERBS.rerunRequest);
    expect(rerun).toBeDefined();
    const r = await t.invoke(VERBS.rerunRequest, rerun!.data, { ...CHANNEL, conversationId: '19:rr@thread.tacv2;messageid=1' });
    expect(cardText(r.body.value)).toContain('Run rr-fails again?');
  });

  it('a summary of a running job says what it has used so far', async () => {
    t.emulator.addJob({ name: 'sum-running-1', status: 'Running' });
    const text = cardText(firstCard((await t.send('summary sum-running-1')).activities));
    expect(text).toMatch(/Used so far: \d+\.\d node-hours, \d+\.\d GPU-hours, about \$\d+\.\d\d \(estimate at list price\)/);
    expect(text).toMatch(/Continuing costs: about \$3\.06 per hour/);
  });
});
