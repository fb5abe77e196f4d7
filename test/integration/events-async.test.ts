import { waitFor } from '../helpers/wait';
import { Job } from '../../src/azureml/types';
import { WorkspaceConfig } from '../../src/config';
import { postEvents, runEvent } from '../helpers/event-grid';
import { Card, TestBot, cardText, startTestBot } from '../helpers/test-bot';

/**
 * R4.3: the webhook only stores. With the ARM re-read held closed, POST /api/events for a failure in a subscribed
 * channel answers 200 while the connector stand-in has received nothing and no ARM call has been made; the notice
 * arrives afterwards, from the background processor and sender, once the re-read is let through.
 */
const SECRET = 'async-secret-0123456789abcdef';
const ROOT_ID = '19:async@thread.tacv2';
const CHANNEL = { conversationType: 'channel' as const, conversationId: `${ROOT_ID};messageid=5`, extra: { channelData: { tenant: { id: 'tenant-1' }, channel: { id: ROOT_ID } } } };

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot({ env: { EVENTGRID_SECRET: SECRET } });
});
afterAll(async () => {
  // Started by the test (startTestBot leaves background loops off), so stopped here before the bot.
  await t?.bot.events.processor.stop();
  await t?.bot.notifications.sender.stop();
  await t?.stop();
});

/** A gate on the bot's ARM job reads: records when each was asked for and holds it until opened. */
function gateJobReads(): { asked: number[]; answered: number[]; open(): void } {
  const azureml = t.bot.deps.azureml;
  const original = azureml.getJob.bind(azureml);
  const asked: number[] = [];
  const answered: number[] = [];
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  azureml.getJob = async (ws: WorkspaceConfig, name: string): Promise<Job> => {
    asked.push(Date.now());
    await opened;
    const job = await original(ws, name);
    answered.push(Date.now());
    return job;
  };
  return { asked, answered, open };
}

const noticesFor = (job: string) => t.connector.calls.filter((c) => cardText(((c.body?.attachments ?? []) as { content: Card }[])[0]?.content).includes(job));

it('R4.3: the webhook answers before any ARM re-read or Teams post; the notice follows asynchronously', async () => {
  await t.send('subscribe dev failures experiment=exp-async', CHANNEL);
  t.emulator.addJob({ name: 'async-fail-1', status: 'Running', experimentName: 'exp-async', endsInMs: 60_000, endStatus: 'Failed', failure: 'cuda-oom' });
  t.emulator.clock.advance(61_000);
  // The background loops production runs (startTestBot leaves them off so other tests can step them by hand).
  t.bot.events.processor.start();
  t.bot.notifications.sender.start();
  await t.bot.events.processor.drainOnce();
  const gate = gateJobReads();
  const callsBefore = t.connector.calls.length;
  t.emulator.stats.reset();

  // If the route waited for the re-read it would never answer while the gate is closed: say so instead of timing out.
  const r = await Promise.race([
    postEvents(t.bot.url, [runEvent('async-fail-1', 'failed')], { key: SECRET }),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('POST /api/events did not answer while the ARM re-read was held')), 10_000).unref()),
  ]);
  const answeredAt = Date.now();

  expect(r).toMatchObject({ status: 200, json: { accepted: 1 } });
  // Nothing went to Teams inside the request, and no ARM call was made (the only one, the re-read, is still held).
  expect(t.connector.calls.length).toBe(callsBefore);
  expect(t.emulator.stats.snapshot().total).toBe(0);
  expect(gate.answered).toEqual([]);
  // The re-read is asked for by the background processor, after the delivery was stored.
  await waitFor(() => gate.asked.length > 0, 5_000, 'the ARM re-read');
  expect(await t.bot.events.inbox.all()).toHaveLength(1);

  gate.open();
  await waitFor(() => noticesFor('async-fail-1').length > 0, 15_000, 'the notice');
  const notice = noticesFor('async-fail-1');
  expect(notice).toHaveLength(1);
  expect(notice[0]!.at!).toBeGreaterThanOrEqual(answeredAt);
  expect(notice[0]!.at!).toBeGreaterThanOrEqual(gate.answered[0]!);
  expect(notice[0]!.conversationId).toBe(ROOT_ID);
  expect(cardText(((notice[0]!.body!.attachments as { content: Card }[])[0]!).content)).toMatch(/async-fail-1 failed/);
  expect(await t.bot.events.inbox.all()).toHaveLength(0);
});
