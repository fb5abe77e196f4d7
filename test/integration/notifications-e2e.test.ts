import { VERBS } from '../../src/cards/verbs';
import { Card, TestBot, cardActions, cardText, startTestBot } from '../helpers/test-bot';

/**
 * Issue #4's "done": a channel subscribed to failures in dev receives exactly one useful triage card
 * per failed job — emulator push → /api/events → inbox → processor → notifier → outbox → sender → Teams.
 */
const SECRET = 'e2e-secret-0123456789abcdef';
const CHANNEL = { conversationType: 'channel' as const, conversationId: '19:mlops@thread.tacv2;messageid=7', extra: { channelData: { tenant: { id: 'tenant-1' }, channel: { id: '19:mlops@thread.tacv2' } } } };

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { EVENTGRID_SECRET: SECRET } });
  t.emulator.configureEventGrid({ url: `${t.bot.url}/api/events?key=${SECRET}` });
});
afterAll(async () => {
  await t.stop();
});

async function pump(): Promise<void> {
  await t.emulator.pushEvents();
  await t.bot.events.processor.drainOnce();
  await t.bot.notifications.sender.drainOnce();
}

function noticesFor(job: string): { method: string; card: Card }[] {
  return t.connector.calls
    .filter((c) => Array.isArray(c.body?.attachments) && cardText((c.body!.attachments as { content: Card }[])[0]!.content).includes(job))
    .map((c) => ({ method: c.method, card: (c.body!.attachments as { content: Card }[])[0]!.content }));
}

it('one triage card per failed job, updated in place, with working buttons', async () => {
  await t.send('subscribe dev failures experiment=exp-e2e', CHANNEL);
  await pump();
  t.emulator.addJob({ name: 'e2e-fail-1', status: 'Running', experimentName: 'exp-e2e', endsInMs: 60_000, endStatus: 'Failed', failure: 'cuda-oom' });
  await pump();
  expect(noticesFor('e2e-fail-1')).toHaveLength(0);

  t.emulator.clock.advance(61_000);
  await pump();
  await pump();
  const notices = noticesFor('e2e-fail-1');
  expect(notices).toHaveLength(1);
  expect(notices[0]!.method).toBe('POST');
  // A new thread at the channel root, not a reply inside the thread where `subscribe` was typed.
  expect(t.connector.calls.find((c) => c.body === undefined || cardText(c.body).includes('e2e-fail-1'))?.path).toMatch(/^\/v3\/conversations\/19%3Amlops%40thread\.tacv2\/activities/);
  const text = cardText(notices[0]!.card);
  expect(text).toMatch(/e2e-fail-1 failed/);
  expect(text).toMatch(/Out of memory/i);
  // The poller sees the same failure: same dedupe key, still one card.
  await t.bot.notifications.poller.tick();
  await t.bot.notifications.sender.drainOnce();
  expect(noticesFor('e2e-fail-1')).toHaveLength(1);

  const show = cardActions(notices[0]!.card).find((a) => a.verb === VERBS.showJob)!;
  const shown = await t.invoke(VERBS.showJob, show.data, CHANNEL);
  expect(cardText(shown.body.value)).toContain('e2e-fail-1');
  const mute = cardActions(notices[0]!.card).find((a) => a.verb === VERBS.noticeMute)!;
  expect(cardText((await t.invoke(VERBS.noticeMute, mute.data, CHANNEL)).body.value)).toMatch(/No notices about experiment `exp-e2e`/);

  t.emulator.addJob({ name: 'e2e-fail-2', status: 'Running', experimentName: 'exp-e2e', endsInMs: 60_000, endStatus: 'Failed' });
  await pump();
  t.emulator.clock.advance(61_000);
  await pump();
  expect(noticesFor('e2e-fail-2')).toHaveLength(0);
});

it('a channel that removed the app is marked stale after Teams answers 403', async () => {
  const conv = { ...CHANNEL, conversationId: '19:gone@thread.tacv2;messageid=1' };
  await t.send('subscribe dev failures experiment=exp-gone', conv);
  t.emulator.addJob({ name: 'e2e-gone-1', status: 'Running', experimentName: 'exp-gone', endsInMs: 60_000, endStatus: 'Failed' });
  await pump();
  t.connector.failNext({ status: 403 });
  t.emulator.clock.advance(61_000);
  await pump();
  const list = await t.send('subscriptions', conv);
  expect(cardText(list.activities[0]!.attachments![0]!.content)).toMatch(/stale/);
});
