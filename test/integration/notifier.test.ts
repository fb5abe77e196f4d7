import { Notifier } from '../../src/notifications/notifier';
import { Poller } from '../../src/notifications/poller';
import { RecordingOutbox } from '../helpers/recording-outbox';
import { writeLocalConfig } from '../helpers/local-config';
import { TableStore } from '../../src/storage/table-store';
import { TestBot, USERS, cardText, startTestBot } from '../helpers/test-bot';

const CHANNEL = { conversationType: 'channel' as const, conversationId: '19:ops@thread.tacv2;messageid=1', extra: { channelData: { tenant: { id: 'tenant-1' }, channel: { id: '19:ops@thread.tacv2' } } } };

let t: TestBot;
let store: TableStore;
beforeAll(async () => {
  // dev is polled in this configuration, so the poller has something to do.
  const file = writeLocalConfig('jobops-', (cfg) => {
    cfg.workspaces.dev!.poll = true;
  });
  t = await startTestBot({ env: { JOBOPS_CONFIG: file } });
  store = new TableStore(t.config.storageConnectionString!);
});
afterAll(async () => {
  await t.stop();
});

function notifier(outbox: RecordingOutbox): Notifier {
  return new Notifier(t.bot.deps, store, outbox);
}

async function observe(n: Notifier, name: string, workspace = 'dev', source: 'event' | 'poll' = 'event'): Promise<void> {
  const job = await t.bot.deps.azureml.getJob(t.config.workspaces[workspace]!, name);
  await n.observe({ workspace, job, source, observedAt: t.bot.deps.now() });
}

describe('subscriptions in chat', () => {
  it('subscribe, list with health, unsubscribe', async () => {
    const sub = await t.send('subscribe dev failures experiment=exp-sub', CHANNEL);
    expect(sub.activities[0]!.text).toMatch(/Subscribed: `dev` failures \(experiment=exp-sub\)/);
    const list = await t.send('subscriptions', CHANNEL);
    expect(cardText(list.activities[0]!.attachments![0]!.content)).toMatch(/exp-sub.*active/);
    const id = /Id `([0-9a-f]{6})`/.exec(sub.activities[0]!.text!)![1]!;
    expect((await t.send(`unsubscribe ${id}`, CHANNEL)).activities[0]!.text).toMatch(/Removed 1 subscription/);
  });

  it('only operators may subscribe a conversation to a workspace', async () => {
    const r = await t.send('subscribe prod failures', { ...CHANNEL, user: USERS.eve });
    expect(r.activities[0]!.text).toMatch(/Only operators of `prod`/);
  });
});

describe('notifier', () => {
  it('sends one triage notice per failed job to the subscribed conversation, whatever the source', async () => {
    await t.send('subscribe dev failures experiment=exp-n1', CHANNEL);
    const outbox = new RecordingOutbox();
    const n = notifier(outbox);
    t.emulator.addJob({ name: 'n1-fails', status: 'Running', experimentName: 'exp-n1', endsInMs: 60_000, endStatus: 'Failed', failure: 'cuda-oom' });
    await observe(n, 'n1-fails');
    expect(outbox.items).toHaveLength(0);
    t.emulator.clock.advance(2 * 60_000);
    await observe(n, 'n1-fails');
    await observe(n, 'n1-fails', 'dev', 'poll');
    await observe(n, 'n1-fails');
    expect(outbox.items).toHaveLength(1);
    const card = (outbox.items[0]!.op as { card: unknown }).card;
    expect(cardText(card)).toMatch(/n1-fails failed/);
    expect(cardText(card)).toMatch(/Out of memory/i);
    expect(outbox.items[0]!.noticeKey).toBeDefined();
  });

  it('filters by experiment and respects mutes', async () => {
    await t.send('subscribe dev failures experiment=exp-n2', CHANNEL);
    const outbox = new RecordingOutbox();
    const n = notifier(outbox);
    // Jobs must fail after the subscription exists: older failures are not news.
    const failSoon = (name: string, experimentName: string): void => {
      t.emulator.addJob({ name, status: 'Running', experimentName, endsInMs: 30_000, endStatus: 'Failed' });
    };
    failSoon('n2-other', 'exp-unrelated');
    failSoon('n2-muted', 'exp-n2');
    expect((await t.send('mute exp-n2 in dev for 24h', CHANNEL)).activities[0]!.text).toMatch(/Muted experiment `exp-n2`/);
    t.emulator.clock.advance(60_000);
    await observe(n, 'n2-other');
    await observe(n, 'n2-muted');
    expect(outbox.items).toHaveLength(0);
    await t.send('unmute exp-n2 in dev', CHANNEL);
    failSoon('n2-loud', 'exp-n2');
    t.emulator.clock.advance(60_000);
    await observe(n, 'n2-loud');
    expect(outbox.items).toHaveLength(1);
    expect(cardText((outbox.items[0]!.op as { card: unknown }).card)).toMatch(/n2-loud failed/);
  });

  it('does not announce failures from before the subscription', async () => {
    const outbox = new RecordingOutbox();
    t.emulator.addJob({ name: 'n3-old', status: 'Failed', experimentName: 'exp-n3' });
    t.emulator.clock.advance(1_000);
    await t.send('subscribe dev failures experiment=exp-n3', CHANNEL);
    await observe(notifier(outbox), 'n3-old');
    expect(outbox.items).toHaveLength(0);
  });
});

describe('poller', () => {
  it('baselines first, then notices new failures with one ARM list (a call per page) per tick, and only the lease holder polls', async () => {
    await t.send('subscribe dev failures experiment=exp-p1', CHANNEL);
    const outbox = new RecordingOutbox();
    const n = notifier(outbox);
    const a = new Poller(t.bot.deps, store, n, 60_000);
    const b = new Poller(t.bot.deps, store, n, 60_000);
    t.emulator.addJob({ name: 'p1-old-failure', status: 'Failed', experimentName: 'exp-p1' });
    let pages = 0;
    for (let next: string | undefined, first = true; first || next; first = false, pages++) next = (await t.bot.deps.azureml.listJobsPage(t.config.workspaces.dev!, {}, next)).next;
    t.emulator.stats.reset();
    expect(await a.tick()).toBe(true);
    expect(await b.tick()).toBe(false);
    expect(t.emulator.stats.snapshot().counts.jobsList).toBe(pages);
    expect(outbox.items).toHaveLength(0);
    t.emulator.addJob({ name: 'p1-new', status: 'Running', experimentName: 'exp-p1', endsInMs: 30_000, endStatus: 'Failed' });
    t.emulator.clock.advance(60_000);
    await a.tick();
    expect(outbox.items.map((i) => cardText((i.op as { card: unknown }).card).split('\n')[0])).toEqual(['p1-new failed']);
    await a.stop();
    // After the holder stops (releases), the other instance takes over.
    expect(await b.tick()).toBe(true);
    await b.stop();
  });

  it('walks every page of the job list: a failure that slid past page 1 is noticed, and a capped walk resumes from the stored cursor on another instance', async () => {
    const conv = { ...CHANNEL, conversationId: '19:pages@thread.tacv2;messageid=1' };
    await t.send('subscribe dev failures experiment=exp-pg', conv);
    const outbox = new RecordingOutbox();
    const n = notifier(outbox);
    const noticed = (): string[] => outbox.items.map((i) => cardText((i.op as { card: unknown }).card).split('\n')[0]!);
    // Created first, so 25 newer jobs push them off the first page (ARM lists newest first, 10 per page here).
    t.emulator.addJob({ name: 'pg-deep', status: 'Running', experimentName: 'exp-pg', endsInMs: 30_000, endStatus: 'Failed' });
    t.emulator.addJob({ name: 'pg-deeper', status: 'Running', experimentName: 'exp-pg', endsInMs: 150_000, endStatus: 'Failed', failure: 'module-not-found' }); // another cause: the same one would join pg-deep's card
    t.emulator.clock.advance(1_000);
    for (let i = 0; i < 25; i++) t.emulator.addJob({ name: `pg-filler-${i}`, status: 'Running', experimentName: 'exp-pg-filler' });
    const whole = new Poller(t.bot.deps, store, n, 60_000);
    await whole.tick();
    t.emulator.clock.advance(60_000);
    t.emulator.stats.reset();
    await whole.tick();
    expect(noticed()).toEqual(['pg-deep failed']);
    // One call per page, never one per job: the only job GET is the triage of the one failure.
    expect(t.emulator.stats.snapshot().counts.jobsList).toBeGreaterThanOrEqual(3);
    expect(t.emulator.stats.snapshot().counts.jobGet ?? 0).toBeLessThanOrEqual(1);
    await whole.stop();

    // One page per tick, alternating two instances: the walk reaches pg-deeper's page only by going on from the cursor.
    t.emulator.clock.advance(120_000);
    const a = new Poller(t.bot.deps, store, n, 60_000, 1);
    const b = new Poller(t.bot.deps, store, n, 60_000, 1);
    let ticks = 0;
    while (!noticed().includes('pg-deeper failed') && ticks < 10) {
      const p = ticks % 2 ? b : a;
      t.emulator.stats.reset();
      expect(await p.tick()).toBe(true);
      expect(t.emulator.stats.snapshot().counts.jobsList).toBe(1);
      await p.stop();
      ticks++;
    }
    expect(noticed()).toEqual(['pg-deep failed', 'pg-deeper failed']);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('raises a stuck alert once for a job queued past the threshold', async () => {
    await t.send('subscribe prod stuck queued>5m', { ...CHANNEL, conversationId: '19:stuck@thread.tacv2;messageid=1' });
    const outbox = new RecordingOutbox();
    const n = notifier(outbox);
    const p = new Poller(t.bot.deps, store, n, 60_000);
    t.emulator.addJob({ name: 'q-stuck-1', workspace: 'mlw-prod', status: 'Queued' });
    await p.tick();
    await p.tick();
    const alerts = outbox.items.filter((i) => cardText((i.op as { card: unknown }).card).includes('q-stuck-1'));
    expect(alerts).toHaveLength(1);
    expect(cardText((alerts[0]!.op as { card: unknown }).card)).toMatch(/Queued for more than 5 min/);
    await p.stop();
  });
});
