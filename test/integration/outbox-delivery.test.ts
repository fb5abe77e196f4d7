import { readAll } from '../helpers/read-all';
import { Sender } from '../../src/notifications/sender';
import { OutboxHarness, until } from './outbox-harness';

/** T16, R5.1–R5.4 through a real CloudAdapter + delivery Messenger against the recording connector stand-in. */
describe('outbox delivery (T16, R5.2–R5.4)', () => {
  let h: OutboxHarness;
  let sender: Sender;
  let n = 0;
  const conv = (): string => `19:conv-${++n}@thread.tacv2`;
  const drain = async (pred: () => boolean): Promise<void> => until(pred, 15_000, () => sender.drainOnce());

  beforeAll(async () => {
    h = await new OutboxHarness().start();
    sender = h.sender();
  });
  afterAll(() => h.stop());

  it('writes the entry before any send, and the same dedupe key is sent once (R5.1)', async () => {
    const c = conv();
    expect(await sender.outbox.enqueue(h.item('dup-1', c))).toBe(true);
    expect(await sender.outbox.enqueue(h.item('dup-1', c))).toBe(false);
    expect(h.connector.calls.filter((x) => x.conversationId === c)).toHaveLength(0);
    const stored = (await readAll(sender.outbox.entries)).find((e) => e.value.dedupeKey === 'dup-1');
    expect(stored?.value).toMatchObject({ status: 'pending', attempts: 0 });
    await sender.drainOnce();
    await sender.drainOnce();
    expect(await sender.outbox.enqueue(h.item('dup-1', c))).toBe(false);
    await sender.drainOnce();
    expect(h.deliveredPerKey().get('dup-1')).toBe(1);
    const sent = await sender.outbox.entries.get(stored!.key);
    expect(sent?.value).toMatchObject({ status: 'sent', attempts: 1 });
    expect(sent?.value.indexKey).toBeUndefined();
  });

  it('429 with Retry-After: delivered once, not before Retry-After (T16)', async () => {
    const c = conv();
    h.connector.failFor(c, { status: 429, headers: { 'retry-after': '1' } });
    await sender.outbox.enqueue(h.item('t429', c));
    const t0 = Date.now();
    await drain(() => h.deliveredPerKey().get('t429') === 1);
    const calls = h.connector.calls.filter((x) => x.conversationId === c);
    expect(calls.map((x) => x.status)).toEqual([429, 200]);
    expect(calls[1]!.at! - calls[0]!.at!).toBeGreaterThanOrEqual(1_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
  });

  it('429 with an HTTP-date Retry-After is honoured too', async () => {
    const c = conv();
    h.connector.failFor(c, { status: 429, headers: { 'retry-after': new Date(Date.now() + 2_000).toUTCString() } });
    await sender.outbox.enqueue(h.item('t429-date', c));
    await drain(() => h.deliveredPerKey().get('t429-date') === 1);
    const calls = h.connector.calls.filter((x) => x.conversationId === c);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at! - calls[0]!.at!).toBeGreaterThanOrEqual(900);
  });

  it('412, 502 and 504 are retried with backoff and delivered once (T16)', async () => {
    const c = conv();
    h.connector.failFor(c, { status: 412 }, { status: 502 }, { status: 504 });
    await sender.outbox.enqueue(h.item('t5xx', c));
    await drain(() => h.deliveredPerKey().get('t5xx') === 1);
    expect(h.connector.calls.filter((x) => x.conversationId === c).map((x) => x.status)).toEqual([412, 502, 504, 200]);
    const e = (await readAll(sender.outbox.entries)).find((x) => x.value.dedupeKey === 't5xx')!.value;
    expect(e).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('a persistent 500 is parked after 8 attempts with an error log (R5.2)', async () => {
    const c = conv();
    h.connector.failFor(c, ...Array.from({ length: 20 }, () => ({ status: 500 })));
    await sender.outbox.enqueue(h.item('poison', c));
    const parked = async (): Promise<boolean> => (await readAll(sender.outbox.entries)).some((x) => x.value.dedupeKey === 'poison' && x.value.status === 'parked');
    await until(parked, 20_000, () => sender.drainOnce());
    expect(h.connector.calls.filter((x) => x.conversationId === c)).toHaveLength(8);
    expect(h.logs.some((l) => l.level === 'error' && /parked after 8 failed attempts/.test(l.msg))).toBe(true);
    await sender.drainOnce();
    expect(h.connector.calls.filter((x) => x.conversationId === c)).toHaveLength(8);
    expect((await sender.outbox.pendingRows()).some((r) => r.conversationKey === Buffer.from(c).toString('base64url'))).toBe(false);
  });

  it('403 parks the notice and marks the subscription stale, with no further attempts (R5.4)', async () => {
    const c = conv();
    h.connector.failFor(c, { status: 403 });
    await sender.outbox.enqueue(h.item('gone', c, { subscriptionId: 'sub-403' }));
    await sender.drainOnce();
    await sender.drainOnce();
    expect(h.stale).toEqual([expect.objectContaining({ subscriptionId: 'sub-403' })]);
    expect(h.connector.calls.filter((x) => x.conversationId === c)).toHaveLength(1);
    const e = (await readAll(sender.outbox.entries)).find((x) => x.value.dedupeKey === 'gone')!.value;
    expect(e).toMatchObject({ status: 'parked' });
    expect(e.lastError).toMatch(/^403/);
  });

  it('404 is treated like 403', async () => {
    const c = conv();
    h.connector.failFor(c, { status: 404 });
    await sender.outbox.enqueue(h.item('gone-404', c, { subscriptionId: 'sub-404' }));
    await sender.drainOnce();
    expect(h.stale.map((s) => s.subscriptionId)).toContain('sub-404');
  });

  it('send then update: one POST, then one PUT to the same activity id', async () => {
    const c = conv();
    await sender.outbox.enqueue(h.item('notice-v1', c, { noticeKey: `job-1|${c}` }));
    await sender.outbox.enqueue(h.item('notice-v2', c, { noticeKey: `job-1|${c}` }, 'update'));
    await sender.drainOnce();
    const calls = h.connector.calls.filter((x) => x.conversationId === c);
    expect(calls.map((x) => x.method)).toEqual(['POST', 'PUT']);
    const posted = (await readAll(sender.outbox.entries)).find((x) => x.value.dedupeKey === 'notice-v1')!.value.activityId;
    expect(posted).toMatch(/^act-/);
    expect(calls[1]!.path).toContain(`/activities/${posted}`);
    expect(await h.notices.activityId(`job-1|${c}`)).toBe(posted);
  });

  it('an update with no known activity is sent as a new post', async () => {
    const c = conv();
    await sender.outbox.enqueue(h.item('orphan-update', c, { noticeKey: `job-2|${c}` }, 'update'));
    await sender.drainOnce();
    expect(h.connector.calls.filter((x) => x.conversationId === c).map((x) => x.method)).toEqual(['POST']);
    expect(await h.notices.activityId(`job-2|${c}`)).toMatch(/^act-/);
  });

  it('an update waits behind its send when the send is throttled (order per conversation)', async () => {
    const c = conv();
    h.connector.failFor(c, { status: 429, headers: { 'retry-after': '1' } });
    await sender.outbox.enqueue(h.item('ord-v1', c, { noticeKey: `job-3|${c}` }));
    await sender.outbox.enqueue(h.item('ord-v2', c, { noticeKey: `job-3|${c}` }, 'update'));
    await drain(() => h.connector.calls.filter((x) => x.conversationId === c && x.status === 200).length === 2);
    expect(h.connector.calls.filter((x) => x.conversationId === c).map((x) => `${x.method} ${x.status}`)).toEqual(['POST 429', 'POST 200', 'PUT 200']);
  });
});
