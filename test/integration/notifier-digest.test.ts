import { Notifier } from '../../src/notifications/notifier';
import { OutboxItem } from '../../src/notifications/types';
import { RecordingOutbox } from '../helpers/recording-outbox';
import { TableStore } from '../../src/storage/table-store';
import { cardText, useTestBot } from '../helpers/test-bot';

const CHANNEL = { conversationType: 'channel' as const, conversationId: '19:digest@thread.tacv2;messageid=1', extra: { channelData: { tenant: { id: 'tenant-1' }, channel: { id: '19:digest@thread.tacv2' } } } };

const t = useTestBot();

const text = (i: OutboxItem): string => cardText((i.op as { card: unknown }).card);

it('a sweep whose trials fail in bulk gives one digest card for the parent after the first few', async () => {
  await t.send('subscribe dev failures experiment=exp-storm', CHANNEL);
  const outbox = new RecordingOutbox();
  const n = new Notifier(t.bot.deps, new TableStore(t.config.storageConnectionString!), outbox);
  t.emulator.addJob({ name: 'sweep-storm-1', type: 'Sweep', status: 'Running', experimentName: 'exp-storm' });
  for (let i = 0; i < 8; i++) {
    t.emulator.addJob({ name: `sweep-storm-1_${i}`, parent: 'sweep-storm-1', status: 'Running', experimentName: 'exp-storm', endsInMs: 30_000, endStatus: 'Failed' });
  }
  t.emulator.clock.advance(60_000);
  for (let i = 0; i < 8; i++) {
    const job = await t.bot.deps.azureml.getJob(t.config.workspaces.dev!, `sweep-storm-1_${i}`);
    await n.observe({ workspace: 'dev', job, source: 'event', observedAt: t.bot.deps.now() });
  }
  const singles = outbox.items.filter((i) => /^sweep-storm-1_\d failed$/.test(text(i).split('\n')[0]!));
  const digests = outbox.items.filter((i) => /runs of sweep-storm-1 failed/.test(text(i)));
  expect(singles).toHaveLength(5);
  expect(digests.length).toBe(3);
  // Every digest update targets the same card (one notice key), and the last lists all eight runs.
  expect(new Set(digests.map((d) => d.noticeKey)).size).toBe(1);
  expect(text(digests.at(-1)!)).toMatch(/^8 runs of sweep-storm-1 failed/);
});

it('@mentions the submitter when the bot knows them by name', async () => {
  const conv = { ...CHANNEL, conversationId: '19:mention@thread.tacv2;messageid=1' };
  await t.send('subscribe dev failures experiment=exp-mention', conv);
  // Alice talks to the bot, so her display name resolves to her AAD object id.
  await t.send('help');
  const outbox = new RecordingOutbox();
  const n = new Notifier(t.bot.deps, new TableStore(t.config.storageConnectionString!), outbox);
  t.emulator.addJob({ name: 'mention-1', status: 'Running', experimentName: 'exp-mention', createdBy: 'Alice Operator', endsInMs: 30_000, endStatus: 'Failed' });
  t.emulator.clock.advance(60_000);
  await n.observe({ workspace: 'dev', job: await t.bot.deps.azureml.getJob(t.config.workspaces.dev!, 'mention-1'), source: 'event', observedAt: t.bot.deps.now() });
  const card = (outbox.items[0]!.op as { card: { msteams?: { entities?: { mentioned: { id: string } }[] } } }).card;
  expect(text(outbox.items[0]!)).toContain('Submitted by <at>Alice Operator</at>');
  expect(card.msteams?.entities?.[0]?.mentioned.id).toBe('00000000-0000-0000-0000-0000000000a1');
});
