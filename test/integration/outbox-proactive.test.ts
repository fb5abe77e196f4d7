import { readAll } from '../helpers/read-all';
import { createDurableMessenger } from '../../src/notifications/delivery/durable-messenger';
import { Sender } from '../../src/notifications/sender';
import { Messenger } from '../../src/conversations/messenger';
import { card } from '../../src/cards/types';
import { OutboxHarness, until } from './outbox-harness';

/**
 * R5.1 for what features send outside a turn (approval outcomes, reminders, cancel follow-ups, updates of posted
 * cards): the durable Messenger only writes the outbox; the sender delivers, with the same retries as notices.
 */
describe('durable Messenger (R5.1 for proactive messages and card updates)', () => {
  let h: OutboxHarness;
  let sender: Sender;
  let durable: Messenger;
  const reference = (id: string): Record<string, unknown> => ({ serviceUrl: h.connector.url, channelId: 'msteams', bot: { id: '28:jobops', name: 'JobOps' }, conversation: { id, conversationType: 'personal' } });

  beforeAll(async () => {
    h = await new OutboxHarness().start();
    sender = h.sender();
    const direct: Messenger = { sendCard: () => Promise.reject(new Error('not used')), sendText: () => Promise.reject(new Error('not used')), updateCard: () => Promise.reject(new Error('not used')) };
    durable = createDurableMessenger(sender.outbox, direct);
  });
  afterAll(() => h.stop());

  it('a message and a card update are stored first, then delivered once each, the update to the given activity', async () => {
    const c = 'a:requester-chat';
    await durable.sendText(reference(c), '<at>Alice</at> Your request was approved.', [{ id: 'a1', name: 'Alice' }]);
    await durable.updateCard(reference(c), 'activity-42', card([{ type: 'TextBlock', text: 'Cancelled' }]));
    expect(h.connector.calls.filter((x) => x.conversationId === c)).toHaveLength(0);
    expect((await readAll(sender.outbox.entries)).filter((e) => e.value.reference.conversation && (e.value.reference.conversation as { id: string }).id === c)).toHaveLength(2);
    await until(() => h.connector.calls.filter((x) => x.conversationId === c && x.status === 200).length === 2, 15_000, () => sender.drainOnce());
    const [post, put] = h.connector.calls.filter((x) => x.conversationId === c);
    expect(post).toMatchObject({ method: 'POST', status: 200 });
    expect(post!.body).toMatchObject({ type: 'message', text: '<at>Alice</at> Your request was approved.' });
    expect((post!.body!.entities as { mentioned: { id: string } }[])[0]!.mentioned.id).toBe('a1');
    expect(put).toMatchObject({ method: 'PUT', status: 200 });
    expect(put!.path).toMatch(/\/activities\/activity-42$/);
  });

  it('the same outcome told twice with one key (two instances resuming one approval) is delivered once', async () => {
    const c = 'a:told-once';
    await durable.sendText(reference(c), 'Your request was approved.', [], 'approval|prod|job-1|cancel|2026-11-22T08:00:00.000Z|done');
    await durable.sendText(reference(c), 'Your request was approved.', [], 'approval|prod|job-1|cancel|2026-11-22T08:00:00.000Z|done');
    await until(() => h.connector.calls.some((x) => x.conversationId === c && x.status === 200), 15_000, () => sender.drainOnce());
    await sender.drainOnce();
    expect(h.connector.calls.filter((x) => x.conversationId === c)).toHaveLength(1);
  });

  it('a Teams 429 on the message is retried after Retry-After, and it is delivered once', async () => {
    const c = 'a:throttled-chat';
    h.connector.failFor(c, { status: 429, headers: { 'retry-after': '1' } });
    await durable.sendText(reference(c), 'reminder');
    await until(() => h.connector.calls.some((x) => x.conversationId === c && x.status === 200), 15_000, () => sender.drainOnce());
    expect(h.connector.calls.filter((x) => x.conversationId === c).map((x) => x.status)).toEqual([429, 200]);
  });
});
