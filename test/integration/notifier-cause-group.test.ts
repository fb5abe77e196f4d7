import { Notifier } from '../../src/notifications/notifier';
import { OutboxItem } from '../../src/notifications/types';
import { RecordingOutbox } from '../helpers/recording-outbox';
import { TableStore } from '../../src/storage/table-store';
import { cardText, useTestBot } from '../helpers/test-bot';

const CHANNEL = { conversationType: 'channel' as const, conversationId: '19:causes@thread.tacv2;messageid=1', extra: { channelData: { tenant: { id: 'tenant-1' }, channel: { id: '19:causes@thread.tacv2' } } } };

const t = useTestBot();
const text = (i: OutboxItem): string => cardText((i.op as { card: unknown }).card);

it('jobs that fail for the same cause within the hour share one card that grows; another cause gets its own', async () => {
  await t.send('subscribe dev failures experiment=exp-cause', CHANNEL);
  const outbox = new RecordingOutbox();
  const n = new Notifier(t.bot.deps, new TableStore(t.config.storageConnectionString!), outbox);
  for (const name of ['train-a', 'train-b', 'eval-c']) {
    t.emulator.addJob({ name, status: 'Running', experimentName: 'exp-cause', endsInMs: 30_000, endStatus: 'Failed', failure: 'image-build' });
  }
  t.emulator.addJob({ name: 'train-d', status: 'Running', experimentName: 'exp-cause', endsInMs: 30_000, endStatus: 'Failed', failure: 'module-not-found' });
  t.emulator.clock.advance(60_000);
  for (const name of ['train-a', 'train-b', 'train-d', 'eval-c']) {
    await n.observe({ workspace: 'dev', job: await t.bot.deps.azureml.getJob(t.config.workspaces.dev!, name), source: 'event', observedAt: t.bot.deps.now() });
  }
  const items = outbox.items;
  // train-a: its own notice; train-b and eval-c: the same card (same notice key) updated into the group card.
  const byKey = new Map<string, OutboxItem[]>();
  for (const i of items) byKey.set(i.noticeKey!, [...(byKey.get(i.noticeKey!) ?? []), i]);
  expect(byKey.size).toBe(2);
  const group = [...byKey.values()].find((v) => v.length === 3)!;
  expect(text(group[0]!)).toMatch(/^train-a failed/);
  expect(text(group[1]!)).toMatch(/^2 jobs failed: .*\n/);
  const last = text(group[2]!);
  expect(last).toMatch(/^3 jobs failed: /);
  expect(last).toContain('train-a, train-b, eval-c');
  expect(last).toContain('Next step: ');
  const other = [...byKey.values()].find((v) => v.length === 1)!;
  expect(text(other[0]!)).toMatch(/^train-d failed/);
});
