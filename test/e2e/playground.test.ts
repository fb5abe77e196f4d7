import { Card, cardActions, cardText } from '../helpers/test-bot';
import { InvokeResult } from './helpers/playground-client';
import { MOCK, PlaygroundSession, mentionBot, startPlaygroundSession } from './helpers/playground-session';

/**
 * End to end through a real Microsoft 365 Agents Playground (the client `npm start` opens): every message and
 * button press goes Playground → bot → Playground's mock connector → WebSocket, exactly as a person using the
 * Playground UI would cause it (issue 5, "End-to-end tests").
 */
jest.setTimeout(60_000);

const { alice, marco, eve } = MOCK.users;
let s: PlaygroundSession;
beforeAll(async () => {
  s = await startPlaygroundSession();
}, 60_000);
afterAll(async () => {
  await s?.stop();
});

const text = (r: { body: InvokeResult }): string => cardText(r.body.value);
function button(card: unknown, title: string): { verb: string; data: unknown } {
  const b = cardActions(card).find((a) => a.title === title);
  if (!b) throw new Error(`no "${title}" button on: ${cardText(card).slice(0, 300)} (buttons: ${cardActions(card).map((a) => a.title).join(', ')})`);
  return b;
}
/** Emulator Event Grid push → inbox → notifier → outbox → sender: what the timers do in production, once. */
async function pump(): Promise<void> {
  await s.emulator.pushEvents();
  await s.bot.events.processor.drainOnce();
  await s.bot.notifications.sender.drainOnce();
}

/**
 * The watcher's clock tick, repeated until the card's update arrives on the WebSocket: the Playground shows the
 * card before the bot has stored the watch (the turn finishes after the send), so the first tick may find none yet.
 */
async function tickUntilUpdated(messageId: string, expected: RegExp): Promise<{ card: Card }> {
  for (let i = 0; i < 20; i++) {
    const mark = s.client.mark;
    s.emulator.clock.advance(5_000);
    await s.bot.watcher.tick();
    const got = await s.client
      .nextCard(MOCK.personalChat, { since: mark, action: 'updateMessage', text: expected, timeoutMs: 500 })
      .catch(() => undefined);
    if (got) {
      expect(got.messageId).toBe(messageId);
      return got;
    }
  }
  throw new Error(`no card update matching ${expected} arrived on the WebSocket`);
}

it('the Playground runs the committed mock tenant: Alice, Marco, Eve, a group chat and the ML Ops team', async () => {
  const res = await fetch(`${s.client.baseUrl}/_internal/v1/config`);
  const { config } = (await res.json()) as { config: { currentUser: { id: string; aadObjectId: string }; users: { name: string; aadObjectId: string }[]; teams: { name: string; channels: { id: string; name: string }[] }[] } };
  expect(config.currentUser).toMatchObject({ id: alice.id, aadObjectId: alice.aadObjectId });
  expect(config.users).toEqual(expect.arrayContaining([expect.objectContaining({ name: marco.name, aadObjectId: marco.aadObjectId }), expect.objectContaining({ name: eve.name, aadObjectId: eve.aadObjectId })]));
  expect(config.teams[0]!.name).toBe('ML Ops');
  expect(config.teams[0]!.channels.map((c) => c.name)).toEqual(['General', 'approvals']);
});

it('list in a personal chat, then a row\'s Show button', async () => {
  const since = s.client.mark;
  await s.client.say(MOCK.personalChat, alice.id, 'list');
  const list = await s.client.nextCard(MOCK.personalChat, { since });
  expect(cardText(list.card)).toMatch(/Jobs in dev/);
  const show = button(list.card, 'Show');
  const r = await s.client.press(MOCK.personalChat, alice.id, list.messageId, show);
  expect(r.status).toBe(200);
  expect(text(r)).toMatch(/Workspace: dev/);
});

it('show <job> answers with the job card', async () => {
  const since = s.client.mark;
  await s.client.say(MOCK.personalChat, alice.id, 'show train-lstm-sentiment-14');
  const { card } = await s.client.nextCard(MOCK.personalChat, { since });
  expect(cardText(card)).toContain('train-lstm-sentiment-14');
  expect(cardText(card)).toMatch(/Failed/);
});

it('summary of a running job: the card updates itself on the WebSocket until the job ends', async () => {
  s.emulator.addJob({ name: 'pg-live-1', status: 'Running', endsInMs: 3 * 60_000, endStatus: 'Failed', failure: 'cuda-oom' });
  const since = s.client.mark;
  await s.client.say(MOCK.personalChat, alice.id, 'summary pg-live-1');
  const first = await s.client.nextCard(MOCK.personalChat, { since });
  expect(cardText(first.card)).toMatch(/Updating every 15s/);

  const update = await tickUntilUpdated(first.messageId, /Running/);
  expect(cardText(update.card)).toMatch(/Progress/);

  s.emulator.clock.advance(3 * 60_000);
  const last = await tickUntilUpdated(first.messageId, /Out of memory/i);
  expect(cardActions(last.card).map((a) => a.title)).not.toContain('Stop updates');
});

it('non-production cancel: a confirmation card, then Cancel job', async () => {
  s.emulator.addJob({ name: 'pg-dev-cancel-1', status: 'Running' });
  const since = s.client.mark;
  await s.client.say(MOCK.personalChat, alice.id, 'cancel pg-dev-cancel-1');
  const confirm = await s.client.nextCard(MOCK.personalChat, { since });
  expect(cardText(confirm.card)).toContain('pg-dev-cancel-1');
  const r = await s.client.press(MOCK.personalChat, alice.id, confirm.messageId, button(confirm.card, 'Cancel job'));
  expect(text(r)).toMatch(/Alice Operator/);
  expect(text(r)).toMatch(/Cancel(Requested|ed)/);
});

it('production cancel in the group chat: Eve cannot approve, Marco approves, the card says so', async () => {
  s.emulator.addJob({ name: 'pg-prod-cancel-1', workspace: 'mlw-prod', status: 'Running' });
  const since = s.client.mark;
  // In a group chat the bot hears only messages that @mention it, as in Teams.
  const ask = mentionBot('cancel pg-prod-cancel-1 in prod because runaway, 9h on 8 GPUs');
  await s.client.say(MOCK.groupChat, alice.id, ask.text, ask.mentions);
  const request = await s.client.nextCard(MOCK.groupChat, { since, text: /Approval: Cancel pg-prod-cancel-1/ });
  const refresh = (request.card as { refresh?: { action: { verb: string; data: unknown } } }).refresh!;
  // Each viewer's client refreshes the card: Marco gets Approve / Reject.
  const marcoView = await s.client.press(MOCK.groupChat, marco.id, request.messageId, refresh.action, 'automatic');
  const approve = button(marcoView.body.value, 'Approve');
  expect(text(await s.client.press(MOCK.groupChat, eve.id, request.messageId, approve))).toMatch(/Only an approver/);
  const mark = s.client.mark;
  const done = await s.client.press(MOCK.groupChat, marco.id, request.messageId, approve);
  expect(text(done)).toMatch(/Cancelled \((CancelRequested|Canceled)\) — approved by Marco Manager .* requested by Alice Operator/);
  // The requester is told in the chat (the card itself changed through the invoke response, as in Teams).
  await s.client.waitFor('the requester being told', (m) => m.actionConversationId === MOCK.groupChat && /Your request to cancel `pg-prod-cancel-1` was approved by Marco Manager/.test(m.message?.text ?? ''), { since: mark });
  expect(s.emulator.stats.snapshot().counts.jobCancel).toBeGreaterThanOrEqual(1);
});

it('promote with approval registers the model version', async () => {
  s.emulator.addJob({ name: 'pg-promo-1', workspace: 'mlw-prod', status: 'Completed', tags: { auc: '0.93' } });
  const since = s.client.mark;
  const ask = mentionBot('promote pg-promo-1 in prod as pg-fraud-model');
  await s.client.say(MOCK.groupChat, alice.id, ask.text, ask.mentions);
  const request = await s.client.nextCard(MOCK.groupChat, { since, text: /Approval: Promote pg-promo-1/ });
  // Marco's Approve press in Alice's group chat, sent through the Playground's conversation API with the request handle
  // from the card's refresh action (the group chat exists only in Alice's window; in a browser, Marco approves in his
  // own Playground: approver-playground.test.ts).
  const refresh = (request.card as { refresh?: { action: { data: { h: string } } } }).refresh!;
  const done = await s.client.press(MOCK.groupChat, marco.id, request.messageId, { verb: 'approval.approve', data: { h: refresh.action.data.h } });
  expect(text(done)).toMatch(/Registered pg-fraud-model version 1 — approved by Marco Manager/);
});

it('subscribe in a channel, then a failure notice from the emulator arrives there', async () => {
  let since = s.client.mark;
  const sub = mentionBot('subscribe dev failures experiment=pg-exp');
  await s.client.say(MOCK.general, alice.id, sub.text, sub.mentions);
  const ack = await s.client.waitFor('the subscribe answer', (m) => m.actionConversationId.startsWith(MOCK.general) && m.message?.from?.id === MOCK.bot.id, { since });
  expect(JSON.stringify(ack.message)).toMatch(/failures/i);

  s.emulator.addJob({ name: 'pg-fail-1', status: 'Running', experimentName: 'pg-exp', endsInMs: 60_000, endStatus: 'Failed', failure: 'cuda-oom' });
  await pump();
  since = s.client.mark;
  s.emulator.clock.advance(61_000);
  await pump();
  await pump();
  const notice = await s.client.nextCard(MOCK.general, { since, text: /pg-fail-1/ });
  expect(cardText(notice.card)).toMatch(/pg-fail-1 failed/);
  expect(cardText(notice.card)).toMatch(/Out of memory/i);
  const shown = await s.client.press(notice.conversationId, marco.id, notice.messageId, button(notice.card, 'Show'));
  expect(text(shown)).toContain('pg-fail-1');
});

it('an @mention in a channel gets an answer in its thread', async () => {
  const since = s.client.mark;
  const m = mentionBot('help');
  const posted = await s.client.say(MOCK.approvals, eve.id, m.text, m.mentions);
  const help = await s.client.nextCard(MOCK.approvals, { since });
  expect(help.conversationId).toBe(posted.postConversationId);
  expect(cardText(help.card)).toMatch(/JobOps — Azure ML jobs from Teams/);
});

it('acting on jobs in the Playground: why a job waits, its outputs, and two runs compared side by side (issues 12, 14)', async () => {
  let since = s.client.mark;
  await s.client.say(MOCK.personalChat, alice.id, 'show train-detr-coco-15');
  expect(cardText((await s.client.nextCard(MOCK.personalChat, { since, text: /train-detr-coco-15/ })).card)).toContain('Waiting for a node: cluster gpu-cluster-nc6 is at its maximum of 4 nodes');
  since = s.client.mark;
  await s.client.say(MOCK.personalChat, alice.id, 'outputs train-resnet50-nightly');
  expect(cardText((await s.client.nextCard(MOCK.personalChat, { since, text: /Outputs of train-resnet50-nightly/ })).card)).toContain('az ml job download --name train-resnet50-nightly');
  since = s.client.mark;
  await s.client.say(MOCK.personalChat, alice.id, 'compare pipe-retrain-prod-15 train-fraud-gbm-prod-21 in prod');
  const compared = cardText((await s.client.nextCard(MOCK.personalChat, { since, text: /Compare pipe-retrain-prod-15/ })).card);
  expect(compared).toContain('Compare pipe-retrain-prod-15 ↔ train-fraud-gbm-prod-21');
  expect(compared).toMatch(/auc\n0\.927\n[^\n]*\n0\.941\n\+0\.014 \(\+1\.5%\) ▲ better/);
  expect(compared).toMatch(/latency_ms\n36\.2\n[^\n]*\n43\.4\n\+7\.2 \(\+19\.9%\) ▲ worse/);
  expect(compared).toMatch(/≠ training_data\nfraud-transactions v11\nfraud-transactions v12/);
  expect(compared).toMatch(/Parameters that differ\n≠ config\nnot set\nconfigs\/default\.yaml/);
});

it('promote against the acceptance gates: a failed gate refuses in red; "anyway because" asks with the reason on the card (issue 14)', async () => {
  let since = s.client.mark;
  const ask = mentionBot('promote train-fraud-gbm-prod-21 in prod as fraud-gbm');
  await s.client.say(MOCK.groupChat, alice.id, ask.text, ask.mentions);
  const refused = (await s.client.nextCard(MOCK.groupChat, { since, text: /Not promoted: train-fraud-gbm-prod-21/ })).card;
  const failed = refused.body.filter((b) => b.type === 'TextBlock' && String(b.text).startsWith('❌ FAILED: latency_ms <= 40'));
  expect(failed).toEqual([expect.objectContaining({ color: 'attention', weight: 'bolder' })]);
  expect(cardText(refused)).not.toMatch(/Approve/);

  since = s.client.mark;
  const reason = 'latency is measured on the old CPU pool';
  const anyway = mentionBot(`promote train-fraud-gbm-prod-21 in prod as fraud-gbm anyway because ${reason}`);
  await s.client.say(MOCK.groupChat, alice.id, anyway.text, anyway.mentions);
  const request = cardText((await s.client.nextCard(MOCK.groupChat, { since, text: /Approval: Promote train-fraud-gbm-prod-21/ })).card);
  expect(request).toMatch(/❌ FAILED: latency_ms <= 40 — 43\.4/);
  expect(request).toContain(`Failed gates overridden by the requester: “${reason}”`);
});
