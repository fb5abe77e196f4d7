import { VERBS } from '../../src/cards/verbs';
import { Notifier } from '../../src/notifications/notifier';
import { OutboxItem } from '../../src/notifications/types';
import { TableStore } from '../../src/storage/table-store';
import { RecordingOutbox } from '../helpers/recording-outbox';
import { cardActions, cardText, useTestBot } from '../helpers/test-bot';

/**
 * "Compare with last good run" on what the notifier sends: a failure notice, and a same-cause group card (for its
 * newest failure). Pressing it answers with the comparison against the newest Completed job of the same experiment.
 */
const CHANNEL = { conversationType: 'channel' as const, conversationId: '19:lastgood@thread.tacv2;messageid=1', extra: { channelData: { tenant: { id: 'tenant-1' }, channel: { id: '19:lastgood@thread.tacv2' } } } };

const t = useTestBot();
const cardOf = (i: OutboxItem): unknown => (i.op as { card: unknown }).card;

/** Completed runs of `experiment`, the second one newer (created a minute later), then the subscription. */
async function setUp(experiment: string, prefix: string): Promise<{ notifier: Notifier; outbox: RecordingOutbox }> {
  t.emulator.addJob({ name: `${prefix}-good-old`, status: 'Completed', experimentName: experiment, metrics: { val_accuracy: 0.9 } });
  t.emulator.clock.advance(60_000);
  t.emulator.addJob({ name: `${prefix}-good-new`, status: 'Completed', experimentName: experiment, metrics: { val_accuracy: 0.91 } });
  t.emulator.clock.advance(60_000);
  await t.send(`subscribe dev failures experiment=${experiment}`, CHANNEL);
  const outbox = new RecordingOutbox();
  return { notifier: new Notifier(t.bot.deps, new TableStore(t.config.storageConnectionString!), outbox), outbox };
}

async function observe(n: Notifier, name: string): Promise<void> {
  await n.observe({ workspace: 'dev', job: await t.bot.deps.azureml.getJob(t.config.workspaces.dev!, name), source: 'event', observedAt: t.bot.deps.now() });
}

it('a failure notice carries the button; pressing it compares the failed job with the newest Completed job of its experiment', async () => {
  const { notifier, outbox } = await setUp('exp-lastgood', 'lg');
  t.emulator.addJob({ name: 'lg-fails', status: 'Running', experimentName: 'exp-lastgood', endsInMs: 30_000, endStatus: 'Failed', failure: 'cuda-oom', metrics: { val_accuracy: 0.42 } });
  t.emulator.clock.advance(60_000);
  await observe(notifier, 'lg-fails');
  expect(outbox.items).toHaveLength(1);
  const notice = cardOf(outbox.items[0]!);
  expect(cardText(notice)).toMatch(/^lg-fails failed/);
  const button = cardActions(notice).find((a) => a.title === 'Compare with last good run');
  expect(button?.verb).toBe(VERBS.compareLastGood);

  const pressed = await t.invoke(VERBS.compareLastGood, button!.data, CHANNEL);
  const text = cardText(pressed.body.value);
  expect(text).toContain('lg-fails vs last good run lg-good-new');
  expect(text).toMatch(/A: lg-good-new\n\S+ Completed\nB: lg-fails\n\S+ Failed/);
  // A failed run stops logging before its last step, so its final value is below the planned 0.42: "worse" either way.
  expect(text).toMatch(/≠ val_accuracy\n0\.91\n[^\n]*\n0\.[0-4]\d*\n−0\.\d+ \(−\d+\.\d%\) ▼ worse/);
  expect(text).not.toContain('lg-good-old');
});

it('a same-cause group card compares its newest failure', async () => {
  const { notifier, outbox } = await setUp('exp-lastgood-group', 'lgg');
  for (const name of ['lgg-a', 'lgg-b']) {
    t.emulator.addJob({ name, status: 'Running', experimentName: 'exp-lastgood-group', endsInMs: 30_000, endStatus: 'Failed', failure: 'image-build' });
  }
  t.emulator.clock.advance(60_000);
  await observe(notifier, 'lgg-a');
  await observe(notifier, 'lgg-b');
  const group = cardOf(outbox.items.at(-1)!);
  expect(cardText(group)).toMatch(/^2 jobs failed: /);
  const button = cardActions(group).find((a) => a.title === 'Compare latest with last good run');
  expect(button?.verb).toBe(VERBS.compareLastGood);
  const text = cardText((await t.invoke(VERBS.compareLastGood, button!.data, CHANNEL)).body.value);
  expect(text).toContain('lgg-b vs last good run lgg-good-new');
});
